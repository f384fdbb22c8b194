#!/usr/bin/env bash
# The local mail catcher for the AppHost (deploy/up.sh): MailDev takes every mail the platform
# sends over SMTP and shows it in a web UI. Mails are kept under $PAPERS_DATA/mail.
set -euo pipefail
mkdir -p "$PAPERS_DATA/mail"
exec "$PAPERS_DATA/tools/maildev/node_modules/.bin/maildev" \
  --ip 127.0.0.1 --smtp "$PAPERS_SMTP_PORT" \
  --web-ip 127.0.0.1 --web "$PAPERS_MAIL_WEB_PORT" \
  --mail-directory "$PAPERS_DATA/mail"
