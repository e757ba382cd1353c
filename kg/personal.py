"""Whether a value is a person's: an e-mail shaped like one's, and when two values are one.

    looks_personal(email)  "maija.meikalainen@kuopio.fi" -> True; "kirjasto@kuopio.fi" -> False
    email_key(text), phone_key(text)  the forms in which two e-mails (phones) are the same

The consolidation (a library's own e-mail before a person's) and the open profile (a person's
e-mail left out) judge alike, from here.
"""

from __future__ import annotations

import re

# The shape of a person's address, and the words that make one an office's instead
# (kirjasto.kuopio@, city.library@). shapes/open_release.ttl holds the same two patterns, so
# that the check on a release sees what the filter saw; a test keeps them equal.
PERSONAL_EMAIL_PATTERN = r"^(mailto:)?[a-zåäöüéè]+(-[a-zåäöüéè]+)*\.[a-zåäöüéè]+(-[a-zåäöüéè]+)*@"
OFFICE_EMAIL_PATTERN = (
    r"^(mailto:)?[^@]*(kirjasto|bibliote|library|kunta|kaupunki|kommun|stad|info|palvelu"
    r"|asiakas|toimisto|kansli|office)"
)


def looks_personal(email: str) -> bool:
    """Tell whether an e-mail address is shaped like a person's: `firstname.lastname@...`."""
    address = email.strip()
    return bool(
        re.search(PERSONAL_EMAIL_PATTERN, address, re.IGNORECASE)
        and not re.search(OFFICE_EMAIL_PATTERN, address, re.IGNORECASE)
    )


def email_key(text: str) -> str:
    """Return the form in which two e-mail addresses count as the same."""
    return text.strip().lower().removeprefix("mailto:")


def phone_key(text: str) -> str:
    """Return the form in which two phone numbers count as the same: the national digits."""
    digits = re.sub(r"\D", "", text)
    return "0" + digits[3:] if digits.startswith("358") else digits
