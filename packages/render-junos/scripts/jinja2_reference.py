#!/usr/bin/env python3
"""Renders a Jinja2 template exactly as meshrr's render_config.py does (jinja2.Template(text).render(vars)).

Reads JSON {"template": str, "context": dict} on stdin, writes the rendered text to stdout.
Used by the tests as the reference that the nunjucks rendering must match byte for byte.
"""
import json
import sys

from jinja2 import Template

request = json.load(sys.stdin)
sys.stdout.write(Template(request["template"]).render(request["context"]))
