from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from jiuye.demo.clock import demo_clock
from jiuye.demo.models import DemoPartLoad
from jiuye.demo.registry import DemoContext, parts


@dataclass
class PartResult:
    name: str
    rows: int
    skipped: bool


def demo_parts_discover() -> None:
    autodiscover_modules("demo")


def demo_data_load(*, seed: int, scale: float, reset: bool = False) -> list[PartResult]:
    """Generate every registered part not yet loaded with this seed and scale, each in its own transaction, so an
    interrupted run resumes where it stopped and a finished one costs one query per part.

    Loading on top of a demo made with another seed or scale would mix two provinces, so it is refused unless
    `reset` first deletes the demo rows. Parts run on the demo's clock (`jiuye.demo.clock`): nothing they write is
    dated after the demo's today; only the bookkeeping of the load (`DemoPartLoad.loaded_at`) keeps the real time.
    """
    if scale <= 0:
        raise ValidationError(_("规模必须大于0。"))
    demo_parts_discover()
    if reset:
        demo_data_reset()
    _refuse_mixed_datasets(seed=seed, scale=scale)
    context = DemoContext(seed=seed, scale=scale)
    loaded = dict(DemoPartLoad.objects.values_list("part", "rows"))
    results = []
    for part in parts():
        if part.name in loaded:
            results.append(PartResult(name=part.name, rows=loaded[part.name], skipped=True))
            continue
        with transaction.atomic():
            with demo_clock():
                rows = part.generate(context)
            DemoPartLoad.objects.create(part=part.name, seed=seed, scale=scale, rows=rows)
        results.append(PartResult(name=part.name, rows=rows, skipped=False))
    return results


def _refuse_mixed_datasets(*, seed: int, scale: float) -> None:
    other = DemoPartLoad.objects.exclude(seed=seed, scale=scale).first()
    if other is not None:
        raise ValidationError(
            _("数据库中已有用另一组参数生成的演示数据（种子 %(seed)s，规模 %(scale)s）；请加 --reset 重新生成。")
            % {"seed": other.seed, "scale": other.scale}
        )


@transaction.atomic
def demo_data_reset() -> None:
    demo_parts_discover()
    for part in reversed(parts()):
        part.reset()
    DemoPartLoad.objects.all().delete()
