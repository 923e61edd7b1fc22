"""Profile addresses from a network's name and a username, as RenderCV builds them (its 2.x table, plus the
older names JSON Resume files use). Shared by the importers (a username becomes a link) and the RenderCV export
(a link becomes a username)."""

from __future__ import annotations

import re

# network → the address before the username; RenderCV's names as it spells them.
PREFIXES: dict[str, str] = {
    "LinkedIn": "https://linkedin.com/in/",
    "GitHub": "https://github.com/",
    "GitLab": "https://gitlab.com/",
    "IMDB": "https://imdb.com/name/",
    "Instagram": "https://instagram.com/",
    "ORCID": "https://orcid.org/",
    "StackOverflow": "https://stackoverflow.com/users/",
    "ResearchGate": "https://researchgate.net/profile/",
    "YouTube": "https://youtube.com/@",
    "Google Scholar": "https://scholar.google.com/citations?user=",
    "Telegram": "https://t.me/",
    "Leetcode": "https://leetcode.com/u/",
    "X": "https://x.com/",
    "Bluesky": "https://bsky.app/profile/",
    "Reddit": "https://reddit.com/user/",
}
_ALIASES = {"twitter": "X", "stack overflow": "StackOverflow", "googlescholar": "Google Scholar",
            "scholar": "Google Scholar", "leetcode": "Leetcode"}
_CANONICAL = {name.lower(): name for name in [*PREFIXES, "Mastodon"]} | _ALIASES


def canonical(network: str) -> str | None:
    """RenderCV's spelling of a network's name ('github' → 'GitHub', 'Twitter' → 'X'), None if unknown."""
    return _CANONICAL.get(network.strip().lower())


def address(network: str, username: str) -> str | None:
    """The profile's address, or None for a network without a known address or a malformed username."""
    name, username = canonical(network), username.strip().lstrip("/")
    if not name or not username or any(character.isspace() for character in username):
        return None
    if name == "Mastodon":  # @user@instance
        found = re.fullmatch(r"@?([^@/]+)@([^@/]+\.[^@/]+)", username)
        return f"https://{found.group(2)}/@{found.group(1)}" if found else None
    return PREFIXES[name] + username.lstrip("@")


def username(url: str) -> tuple[str, str] | None:
    """(network, username) when `url` is the address of a known network's profile, else None."""
    for name, prefix in PREFIXES.items():
        rest = "[^\\s?#]+" if name == "StackOverflow" else "[^\\s?#/]+"  # users/123/name
        found = re.fullmatch(rf"https?://(?:www\.)?{re.escape(prefix.split('://', 1)[1])}({rest}?)/?", url)
        if found:
            return name, found.group(1)
    found = re.fullmatch(r"https?://([^/\s]+\.[^/\s]+)/@([A-Za-z0-9_]+)/?", url)
    if found and "youtube" not in found.group(1):
        return "Mastodon", f"@{found.group(2)}@{found.group(1)}"
    return None
