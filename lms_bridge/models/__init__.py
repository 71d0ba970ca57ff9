"""Models of the LTI 1.3 bridge: platforms (Moodle sites) and our keys, launches, grade outbox."""

from .grades import ScoreOutbox
from .launches import CourseLink, Launch, LaunchTicket, LoginState, PlatformUser
from .platforms import Deployment, Platform, RegistrationInvite, ToolKey

__all__ = [
    "CourseLink",
    "Deployment",
    "Launch",
    "LaunchTicket",
    "LoginState",
    "Platform",
    "PlatformUser",
    "RegistrationInvite",
    "ScoreOutbox",
    "ToolKey",
]
