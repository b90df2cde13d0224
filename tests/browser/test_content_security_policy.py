"""The pages whose scripts moved out of the templates for the Content-Security-Policy (no inline script or handler)
still work in a browser under it, and the browser reports no violation (a refused script is a console error)."""

from django.urls import reverse

from jiuye.accounts.enums import Role
from jiuye.employers.models import EmployerContact
from tests.accounts.factories import UserFactory
from tests.browser.conftest import log_in
from tests.employers.factories import EmployerContactFactory


def test_scripts_run_under_the_policy(page):
    contact = EmployerContactFactory(name="待删联系人")
    log_in(page, UserFactory(roles=[Role.CASEWORKER, Role.ADMINISTRATOR]))

    response = page.goto(reverse("www:home"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.evaluate("document.documentElement.classList.contains('js')")  # js_on.js ran before the page

    page.goto(reverse("www:seeker_list"))
    page.locator("input.occupation").first.press_sequentially("电焊", delay=50)
    page.locator("#occupation-choices option").first.wait_for(state="attached")  # the fetch's answer

    page.goto(reverse("www:employer_edit", args=[contact.employer_id]))
    remove = page.locator("#contacts form[data-confirm] button")
    page.once("dialog", lambda dialog: dialog.dismiss())
    remove.click()
    page.wait_for_timeout(300)
    assert EmployerContact.objects.filter(pk=contact.pk).exists()  # dismissed: nothing sent
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        remove.click()
    assert not EmployerContact.objects.filter(pk=contact.pk).exists()

    assert page.goto(reverse("www:monitoring_analysis")).status == 200
    page.locator("#trend-chart canvas").wait_for(state="attached")  # monitoring_analysis.js drew the chart

    assert page.problems == []
