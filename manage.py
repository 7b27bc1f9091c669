#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # A developer's shell with neither SECRET_KEY nor DEBUG set gets development mode, so that
    # `python manage.py check` just works; a deployment sets SECRET_KEY (and DEBUG=false, which wins),
    # and the WSGI entry point never defaults to development.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
