"""What a user types into a people search stays out of every URL: it is kept in their session under a short token,
and the URL carries the token (`/people/?s=Xk3d9QaP&group=veteran&sort=age&page=2`).

Why a token rather than `?q=` for names and phones and a POST for ID numbers alone: a name or a phone number is
personal information too, and URLs end up where no audit reaches (the browser's history and its synced copies, the
server's and proxies' access logs, a link pasted into a chat). Why not a POST alone: a POSTed result cannot be
reloaded, bookmarked for the session or reached with the back button. The token gives both: the address bar holds
the filters and the token, back/forward and reload show the same results, and the typed text never leaves the
server. A token means nothing in another session (and once the session ends), so a shared link shows the list
without the search, with a note saying so.
"""

import secrets

from django.http import HttpRequest

SESSION_KEY = "kept_searches"
KEPT = 30  # the newest searches of a session that stay reachable
TOKEN_BYTES = 6  # 8 URL-safe characters


def search_keep(request: HttpRequest, text: str) -> str:
    """The token for `text` in this session (the same token for the same text); '' for a blank search."""
    text = text.strip()
    if not text:
        return ""
    kept: dict[str, str] = request.session.get(SESSION_KEY, {})
    for token, value in kept.items():
        if value == text:
            return token
    token = secrets.token_urlsafe(TOKEN_BYTES)
    kept[token] = text
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT:])
    return token


def search_recall(request: HttpRequest, token: str) -> str | None:
    """The text kept under `token` in this session: '' for no token, None for a token this session does not hold
    (it expired, or the link came from someone else)."""
    if not token:
        return ""
    return request.session.get(SESSION_KEY, {}).get(token)
