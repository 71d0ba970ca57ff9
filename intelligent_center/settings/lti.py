"""LTI 1.3 tool settings (the Moodle bridge)."""

from . import env

LTI_TOOL_TITLE = "Intelligent Center — คลังปัญญาอาชีวศึกษา"
LTI_TOOL_BASE_URL = env.SITE_BASE_URL
