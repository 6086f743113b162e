"""A complete channel sender for email, through the host's SMTP relay.

Plug it into dispatch():

    email = SmtpSender("smtp.internal", 587, "dunning@acme.example")
    events = dispatch(plan, book, {"email": email},
                      renderer=functools.partial(render, policy=policy))
    erp.save_events(events)
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from dunningkit import Action, Delivery, DeliveryOutcome, Message


class SmtpSender:
    """Sends each reminder as one email; the Message-ID is the delivery reference."""

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        username: str | None = None,
        password: str | None = None,
        smtp: type[smtplib.SMTP] = smtplib.SMTP,
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password = username, password
        self.smtp = smtp

    def send(self, action: Action, message: Message) -> Delivery:
        if not message.to:
            return Delivery(outcome=DeliveryOutcome.FAILED, reference="no email address")
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Message-ID"] = make_msgid(domain=self.sender.split("@")[-1])
        # The idempotency key travels with the mail, for the host's own audit.
        email["X-Dunning-Key"] = action.key
        email.set_content(message.body)
        try:
            with self.smtp(self.host, self.port, timeout=30) as server:
                server.starttls()
                if self.username:
                    server.login(self.username, self.password or "")
                refused = server.send_message(email)
        except smtplib.SMTPRecipientsRefused:
            return Delivery(outcome=DeliveryOutcome.BOUNCED, reference=email["Message-ID"])
        if refused:
            return Delivery(outcome=DeliveryOutcome.BOUNCED, reference=email["Message-ID"])
        return Delivery(outcome=DeliveryOutcome.SENT, reference=email["Message-ID"])
