"""Background jobs of the products app: they take ids and send mail."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from groundswell.communities.models import Membership, Role
from groundswell.lib.email import send_templated_email
from groundswell.products.models import AdoptionReport, LifeEvent


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@task()
def send_use_confirmation_email(report_id: int) -> None:
    """Email a reader outside Groundswell the link that confirms their "we use this" report."""
    # actions queues this task, so it is imported here rather than at the top.
    from groundswell.products.actions import CONFIRMATION_LIFETIME, confirmation_token

    report = AdoptionReport.objects.select_related("product").filter(pk=report_id).first()
    if report is None:  # confirmed or cleared already
        return
    path = reverse("products:confirm_use", args=[report.product_id, confirmation_token(report)])
    context = {
        "report": report,
        "product": report.product,
        "confirm_url": _absolute(path),
        "days": CONFIRMATION_LIFETIME.days,
    }
    send_templated_email("products/email/confirm_use", [report.email], context)


@task()
def send_use_reported_emails(event_id: int) -> None:
    """Tell the convenors of a product's communities that someone reports using it, to verify."""
    event = LifeEvent.objects.select_related("product", "organisation").filter(pk=event_id).first()
    if event is None or event.verified:
        return
    product = event.product
    emails = sorted(
        set(
            Membership.objects.active()
            .filter(community__in=product.communities.all(), role=Role.CONVENOR, person__is_active=True)
            .values_list("person__email", flat=True)
        )
    )
    context = {"event": event, "product": product, "product_url": _absolute(product.get_absolute_url())}
    for email in emails:
        send_templated_email("products/email/use_reported", [email], context)
