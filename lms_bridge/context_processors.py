def lti(request) -> dict:
    """``lti_layout``: the page is shown inside a Moodle iframe (no site header and footer)."""
    launch = getattr(request, "lti_launch", None)
    return {"lti_layout": launch is not None, "lti_launch": launch}
