import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from lms_bridge import services


class Command(BaseCommand):
    help = (
        "Register (or update) an LTI 1.3 platform such as a Moodle site, with its deployments. "
        "Idempotent. Prints the tool's URLs for that platform as one JSON object."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--issuer", required=True, help="Platform ID (iss), e.g. Moodle's URL")
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--auth-url", required=True, help="Authentication request URL")
        parser.add_argument("--token-url", required=True, help="Access token URL")
        parser.add_argument("--jwks-url", required=True, help="Public keyset URL")
        parser.add_argument(
            "--deployment-id", action="append", default=[], help="Repeat for several deployments"
        )
        parser.add_argument("--audience", default="", help="Token audience (default: token URL)")

    def handle(self, *args, **options):
        validate = URLValidator(schemes=["https", "http"])
        for option in ("issuer", "auth_url", "token_url", "jwks_url"):
            try:
                validate(options[option])
            except ValidationError:
                raise CommandError(
                    f"--{option.replace('_', '-')} ต้องเป็น URL / must be a URL: {options[option]!r}"
                ) from None
        if not options["deployment_id"]:
            raise CommandError(
                "ต้องระบุ --deployment-id อย่างน้อยหนึ่งค่า / give at least one --deployment-id"
            )
        platform = services.platform_register(
            name=options["name"],
            issuer=options["issuer"],
            client_id=options["client_id"],
            auth_login_url=options["auth_url"],
            auth_token_url=options["token_url"],
            jwks_url=options["jwks_url"],
            deployment_ids=options["deployment_id"],
            auth_audience=options["audience"],
        )
        self.stderr.write(
            f"Platform {platform.pk} registered, deployments: "
            + ", ".join(platform.deployments.values_list("deployment_id", flat=True))
        )
        self.stdout.write(json.dumps(services.tool_urls()))
