"""CSRF protection for the one state-changing form (saving a summary).

The token lives in Flask's signed session cookie and is echoed in a hidden
field; a POST is accepted only when the two match. Stateless: any web process
can check it.
"""

from __future__ import annotations

import hmac
import secrets

from flask import abort, request, session

FIELD = "csrf_token"


def token() -> str:
    """This browser's token (created on first use)."""
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(24)
    return session[FIELD]


def protect() -> None:
    """Abort with 400 unless the form carries this browser's token."""
    sent = request.form.get(FIELD, "")
    expected = session.get(FIELD, "")
    if not expected or not hmac.compare_digest(str(sent), str(expected)):
        abort(400, description="csrf")
