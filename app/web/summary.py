"""The cost summary (成本摘要): a printable disclosure, saved and shared links, CSV and PDF.

``/summary?…`` takes the same query as /check (or ``product=…&amount&term``
for a catalog product) and lays out the key facts the lender should have
given: the union of the US TILA box, the EU SECCI and India's RBI Key Facts
Statement (anchors.md §4). Saving stores only the inputs (and the income only
when the borrower ticks the box); the numbers are recomputed on every view,
and the engine version they were saved under is shown.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from ..catalog import db, get_catalog
from ..catalog.queries import get_summary, save_summary
from ..finance import ENGINE_VERSION
from ..finance.affordability import assess
from ..finance.quote import MAX_PRINCIPAL
from . import csrf, lang, limits, views
from .forms import Form

bp = Blueprint("summary", __name__)

# The query keys a summary is made of (docs/url-spec.md); anything else is dropped before saving.
OFFER_KEYS = ("amount", "term", "kind", "rate", "basis", "timing", "inst", "method", "fee", "recv", "pfee", "stated",
              "start", "lender", "asked", "student", "lenders", "product", "level")
PRIVATE_KEYS = ("income", "debts")
STATIC = Path(__file__).resolve().parents[2] / "static"


@dataclass
class SummaryView:
    """Everything the summary template shows, computed from the inputs."""

    form: Form
    result: object
    warnings: list
    tips: list
    product: object | None
    lender_name: str | None
    lender_known: bool | None
    affordability: object | None
    computed_at: datetime


def _compute(args: dict) -> SummaryView:
    """Recompute a summary from its inputs (a query string or a saved row)."""
    product_id = args.get("product", "")
    catalog = get_catalog()
    product = catalog.product_or_none(product_id) if product_id else None
    if product is not None:
        form = Form(args)
        amount = form.amount("amount", maximum=MAX_PRINCIPAL)
        term = form.integer("term", minimum=1, maximum=360)
        level = form.choice("level", views.LEVELS, "typical")
        result, warnings, tips = None, [], []
        if form.valid:
            result = views.priced_product(form, product, amount, term, level, form.day("start", views.today()))
        if result is not None:
            warnings, tips = views.advise_for(result=result, **views.product_facts(product))
        lender_name, known = None, True
    else:
        context = views.check(args)
        form, result, warnings, tips = context["form"], context["result"], context["warnings"], context["tips"]
        lender_name = form.text("lender") or None
        known = catalog.is_licensed_lender(lender_name) if lender_name else None
    affordability = None
    if result is not None and form.has("income"):
        income = form.amount("income", required=False, maximum=MAX_PRINCIPAL)
        debts = form.amount("debts", required=False, maximum=MAX_PRINCIPAL, allow_zero=True) or Decimal(0)
        if income:
            affordability = assess(income, debts, result.monthly_payment, catalog.dti_limits)
    return SummaryView(form, result, warnings, tips, product, lender_name, known, affordability, datetime.now(views.CHINA))


def _inputs(args) -> dict:
    return {k: str(args[k])[:60] for k in (*OFFER_KEYS, *PRIVATE_KEYS) if args.get(k)}


def _render(view: SummaryView, inputs: dict, *, saved=None, status: int = 200, pdf: bool = False):
    html = render_template(
        "print/summary.html", v=view, result=view.result, inputs=inputs, saved=saved, pdf=pdf,
        engine_version=ENGINE_VERSION, catalog=get_catalog(), repayment_labels=views.REPAYMENT_LABELS,
        csrf_token=csrf.token() if not pdf else "", kind_labels=views.KIND_LABELS,
    )
    return html, status


@bp.get("/summary")
def offer():
    """The printable cost summary of an offer (the /check query) or a catalog product."""
    inputs = _inputs(request.args)
    html, status = _render(_compute(inputs), inputs)
    return html, status


@bp.post("/summaries")
def save():
    """Save a summary's inputs; answers with its short link."""
    limits.check("save")
    csrf.protect()
    inputs = _inputs(request.form)
    view = _compute(inputs)
    if view.result is None:
        html, _status = _render(view, inputs)
        return html, 422
    income = None
    if request.form.get("include_income") == "1" and view.affordability is not None:
        income = view.affordability.income
    else:
        for key in PRIVATE_KEYS:
            inputs.pop(key, None)
    stored = {k: v for k, v in inputs.items() if k != "income"}
    try:
        row = save_summary(db.session(), stored, lang(), income=income)
        db.session().commit()
    except SQLAlchemyError:
        current_app.logger.exception("saving a summary failed")
        db.session().rollback()
        html = render_template("errors/save_unavailable.html", back=url_for("summary.offer", **inputs))
        return html, 503
    return redirect(url_for("summary.shared", summary_id=row.id), 303)


def _saved_inputs(summary_id: str) -> tuple[dict, object]:
    try:
        row = get_summary(db.session(), summary_id)
    except SQLAlchemyError:
        current_app.logger.exception("reading a summary failed")
        abort(503)
    if row is None:
        abort(404)
    inputs = dict(row.inputs)
    if row.income is not None:
        inputs["income"] = str(row.income)
    return inputs, row


@bp.get("/s/<summary_id>")
def shared(summary_id: str):
    """A saved summary, recomputed with today's engine. :raise 404: unknown or malformed id."""
    inputs, row = _saved_inputs(summary_id)
    html, status = _render(_compute(inputs), inputs, saved=row)
    return html, status


def _csv(view: SummaryView) -> Response:
    """The schedule as CSV, UTF-8 with a BOM so spreadsheet programs read the Chinese headers."""
    if view.result is None:
        abort(404)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("No."), _("Due date"), _("Payment"), _("Principal"), _("Interest"), _("Fee"), _("Balance")])
    for row in view.result.schedule:
        writer.writerow([row.n, row.due_date.isoformat() if row.due_date else "", row.payment, row.principal,
                         row.interest, row.fee, row.balance])
    t = view.result.totals
    writer.writerow([_("Total"), "", sum(r.payment for r in view.result.schedule), t.principal, t.interest,
                     sum(r.fee for r in view.result.schedule), ""])
    response = make_response("\ufeff" + out.getvalue())
    response.mimetype = "text/csv"
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = "attachment; filename=loanlens-schedule.csv"
    return response


def _pdf(view: SummaryView, inputs: dict, saved=None) -> Response:
    """The summary as a PDF rendered here, with the CJK fonts embedded (fonts-noto-cjk)."""
    from PIL import ImageFile

    strict = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import CSS, HTML

    # Importing WeasyPrint tells Pillow to accept truncated images process-wide; the screenshot
    # reader relies on Pillow refusing them (a damaged upload must say so), and the summary has no
    # raster images, so the setting goes back to what it was.
    ImageFile.LOAD_TRUNCATED_IMAGES = strict

    if view.result is None:
        abort(404)
    html, _status = _render(view, inputs, saved=saved, pdf=True)
    stylesheets = [CSS(filename=str(STATIC / "css" / "print.css"))]
    document = HTML(string=html, base_url=str(STATIC)).write_pdf(stylesheets=stylesheets)
    response = make_response(document)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = "inline; filename=loanlens-summary.pdf"
    return response


@bp.get("/summary.csv")
def offer_csv():
    return _csv(_compute(_inputs(request.args)))


@bp.get("/summary.pdf")
def offer_pdf():
    inputs = _inputs(request.args)
    return _pdf(_compute(inputs), inputs)


@bp.get("/s/<summary_id>.csv")
def shared_csv(summary_id: str):
    inputs, _row = _saved_inputs(summary_id)
    return _csv(_compute(inputs))


@bp.get("/s/<summary_id>.pdf")
def shared_pdf(summary_id: str):
    inputs, row = _saved_inputs(summary_id)
    return _pdf(_compute(inputs), inputs, saved=row)
