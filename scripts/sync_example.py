#!/usr/bin/env python
"""Worked example (standard library only): pull every task changed since the last run, and the tasks deleted,
then save the new mark; and check a webhook's signature. Run: CCN_URL=https://ccn.example.gov.vn/api/v1
CCN_TOKEN=… python sync_example.py state.json"""

import datetime
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

# A change is stamped when it is saved and visible once committed: look back a minute, skip what was seen.
OVERLAP = datetime.timedelta(minutes=1)


def pages(base, token, path, since):
    url = f"{base}{path}?" + urllib.parse.urlencode({"updated_after": since.isoformat(), "page_size": 200})
    while url:  # follow `next` (a cursor over updated_at, id) until it is null
        request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
        with urllib.request.urlopen(request) as response:
            page = json.load(response)
        yield from page["results"]
        url = page["next"]


def sync(base, token, state_file):
    state_file = Path(state_file)
    state = (
        json.loads(state_file.read_text()) if state_file.exists() else {"since": "2000-01-01T00:00+00:00", "seen": {}}
    )
    since = mark = datetime.datetime.fromisoformat(state["since"])
    changed, deleted, seen = [], [], dict(state["seen"])
    for path, stamp, found in (("/tasks/", "updated_at", changed), ("/deletions/", "deleted_at", deleted)):
        for item in pages(base, token, path, since - OVERLAP):
            if item.get("model", "tasks.task") != "tasks.task":
                continue  # deletions of other kinds
            key = f"{path}{item['id']}"
            if seen.get(key) != item[stamp]:
                found.append(item)
            seen[key] = item[stamp]
            mark = max(mark, datetime.datetime.fromisoformat(item[stamp]))
    seen = {key: at for key, at in seen.items() if datetime.datetime.fromisoformat(at) > mark - OVERLAP}
    state_file.write_text(json.dumps({"since": mark.isoformat(), "seen": seen}))
    return changed, deleted


def verify_signature(secret, headers, body, max_age=300):
    """A webhook is ours if X-CCN-Signature is sha256=HMAC(secret, "<timestamp>." + body), sent < 5 min ago."""
    timestamp = headers.get("X-CCN-Timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > max_age:
        return False
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(f"sha256={digest}", headers.get("X-CCN-Signature", ""))


if __name__ == "__main__":
    changed, deleted = sync(os.environ["CCN_URL"], os.environ["CCN_TOKEN"], sys.argv[1])
    print(f"{len(changed)} nhiệm vụ thay đổi, {len(deleted)} nhiệm vụ đã xóa")
