"""The wording of every warning and tip, as Babel message ids (English source, Chinese catalog).

Placeholders are filled with numbers already formatted for the reader's
locale (``%(apr)s`` → "32.50%"), so a message reads the same in a page, the
API, the printed summary and the PDF. ``N_`` only marks a string for
extraction (``pybabel extract -k N_``); it is translated when rendered.
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message


MESSAGES: dict[str, str] = {
    "apr_above_36": N_(
        "The real annual rate of this loan is %(apr)s, above %(line)s. Interest above 36%% a year has been "
        "void in court since 2015, and cash loans costing more were prohibited in 2017. Do not sign: this "
        "is predatory pricing."
    ),
    "apr_above_24": N_(
        "The real annual rate of this loan is %(apr)s, above %(line)s: the comprehensive-cost line widely "
        "applied to licensed consumer and internet lending. Courts may cut interest and fees above it, and "
        "regulators require the full cost, guarantee and service fees included, to be disclosed. Ask for a "
        "cheaper offer or look elsewhere."
    ),
    "apr_above_private_cap": N_(
        "The real annual rate, %(apr)s, is above %(cap)s: four times the one-year LPR of %(lpr)s in force on "
        "%(date)s, the most a court will enforce in a loan between private parties. Licensed lenders (banks, "
        "consumer-finance and microloan companies) are not bound by this cap, but it is a fair yardstick."
    ),
    "upfront_deduction": N_(
        "You receive %(received)s although the contract says %(principal)s: %(deducted)s is taken before the "
        "money reaches you (砍头息). On what you actually receive, the real annual rate is %(apr)s. By law "
        "interest may not be deducted in advance, and the principal you owe is the amount you received."
    ),
    "rate_not_annualised": N_(
        "The offer is phrased as %(phrase)s, which suggests %(naive)s a year. The real annual rate, with every "
        "fee and on the money you receive, is %(apr)s. Lenders must show this annualised rate, and show it more "
        "prominently than any daily or monthly rate or fee."
    ),
    "stated_apr_understated": N_(
        "The lender states an annual rate of %(stated)s, but with every fee and on the money you actually "
        "receive you pay %(apr)s, %(gap)s percentage points more. The annualised rate must include all fees and be computed on "
        "the principal actually outstanding."
    ),
    "dti_high": N_(
        "Your debt payments would take %(dti)s of your income, more than half. Borrowing at this level often "
        "ends in missed payments; at this price and term, %(max)s is the most that keeps you within %(line)s."
    ),
    "dti_high.no_quote": N_(
        "Your debt payments would take %(dti)s of your income, more than half. Borrowing at this level often "
        "ends in missed payments: borrow less, or not now."
    ),
    "dti_caution": N_(
        "Your debt payments would take %(dti)s of your income, above the comfortable %(line)s. Leave room for "
        "emergencies before you borrow more."
    ),
    "fee_before_payout": N_(
        "You were asked to pay before receiving the money. Licensed lenders deduct or bill their fees; they do "
        "not collect a deposit, an “unfreezing fee” or a membership fee first. This is the classic loan scam: "
        "do not pay, and report it to the police (110) or the financial regulator (12378)."
    ),
    "student_borrower": N_(
        "Microloan companies are reported to be barred from lending online to college students, and other "
        "lenders must confirm a second source of repayment, such as a parent, in writing. Many platform loans "
        "come from microloan companies: check who the lender is before you borrow."
    ),
    "unknown_lender": N_(
        "The lender is not named or is not a licensed lender we know. Before signing, look the lender up on "
        "the regulator's list (NFRA for banks and consumer-finance companies, the local financial regulator "
        "for microloan companies); our catalog shows who lends behind each platform."
    ),
    "many_lenders": N_(
        "You already owe %(count)s lenders. Borrowing from many lenders at once (多头借贷) shows in your credit "
        "report, and the next lender is more likely to refuse you or charge more."
    ),
    "long_term_high_cost": N_(
        "Over %(months)s months this loan costs %(cost)s, %(share)s of what you receive, at %(apr)s a year. A "
        "shorter term or a cheaper lender would cost far less."
    ),
    "minimum_payment_trap": N_(
        "Paying only the minimum (%(min_share)s of each bill, at least %(floor)s) on %(balance)s at %(daily)s a "
        "day takes %(months)s months to clear: you would pay %(total)s in all, %(interest)s of it interest."
    ),
    "prepayment_fee": N_(
        "Repaying early costs extra here: %(fee)s. The law lets you repay early with interest only for the time "
        "used unless the contract says otherwise, so check the contract before you sign."
    ),
    "penalty_cost": N_(
        "Missing one payment of %(payment)s for a month would cost about %(penalty)s in penalty interest "
        "(%(basis)s), and the overdue record stays in your credit report for %(years)s years after you settle it."
    ),
    "tip_equal_principal": N_(
        "Choosing equal principal (等额本金) instead of equal installments would save %(saving)s in interest; "
        "the first payment is higher (%(first)s) and falls every month."
    ),
    "tip_shorter_term": N_(
        "Borrowing over %(months)s months instead of %(term)s would cost %(cost)s instead of %(current)s, "
        "%(saving)s less, with payments of %(payment)s a month."
    ),
    "tip_repay_order": N_("Repay the most expensive debt first: %(order)s."),
    "tip_no_borrow_to_repay": N_(
        "Never take a new loan to repay an old one: the costs pile up, and lenders see it in your credit report."
    ),
    "tip_autopay": N_(
        "Set up automatic repayment of %(payment)s a month%(first)s: a single day late already counts as overdue."
    ),
    "tip_contract": N_(
        "Before signing, check that the contract states the annual rate (%(apr)s here), every fee (%(fees)s in "
        "all), the amount paid out to you (%(received)s) and the penalty for late payment."
    ),
    "tip_complain": N_(
        "If a lender misleads you or its collectors threaten you or your contacts, complain on the platform "
        "first, then to the financial regulator's hotline 12378; threats are a crime."
    ),
}

# How each way of phrasing a price reads in a sentence ("phrased as a daily rate of 0.05%").
PHRASES: dict[str, str] = {
    "daily": N_("a daily rate of %(figure)s"),
    "monthly": N_("a monthly rate of %(figure)s"),
    "period_fee": N_("a fee of %(figure)s per installment"),
    "total_fee": N_("a total fee of %(figure)s for the term"),
}

# Fragments used inside messages.
FRAGMENTS: dict[str, str] = {
    "first_due": N_(", first due %(date)s"),
    "penalty_basis_product": N_("%(rate)s a day, the lender's published penalty rate"),
    "penalty_basis_uplift": N_("the contract rate plus %(uplift)s, the usual bank penalty"),
    "order_item": N_("%(name)s (%(apr)s)"),
    "list_separator": N_(", "),
}
