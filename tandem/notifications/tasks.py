from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task()
def send_email(*, to: str, subject: str, text_body: str, html_body: str | None = None) -> None:
    """Send one already-rendered email. Runs in the task worker; an SMTP failure raises so it can be retried."""
    message = EmailMultiAlternatives(
        subject=subject, body=text_body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
