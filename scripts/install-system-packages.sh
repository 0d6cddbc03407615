#!/usr/bin/env bash
# Install the Debian packages the tests and the document writers need, where they are missing.
#   chromium          browser tests (Playwright drives Debian's Chromium; no browser is downloaded)
#   libreoffice-*     proves that the DOCX/XLSX files open and convert to PDF
#   poppler-utils     pdftotext / pdftoppm: proves the PDF text layer and its reading order
#   fonts-noto-cjk, fonts-wqy-zenhei   CJK fonts for PDF output and for rendering pages
#   fonts-dejavu-core  the ☑ box in PDF output (Zen Hei has □ but not ☑)
#   goaccess          the peer that the access-log figures are cross-checked against
#   default-jre-headless  Java for Apache Spark in local mode
#   postgresql-client pg_dump / pg_restore for nianbao backup and restore on PostgreSQL
#   nginx, openssl    the HTTPS reverse proxy of docs/deploy.md, started by tests/deploy with a self-signed
#                     certificate (the test runs nginx itself; the package's own service is not needed)
#   gcc, python3-dev  compiling the native access-log scanner (src/nianbao/evidence/logs/_scan.c) at
#                     pip install; the tests require it (python3-dev: headers for Debian's own Python)
set -euo pipefail
packages=(chromium libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk
  fonts-wqy-zenhei fonts-dejavu-core goaccess default-jre-headless postgresql-client nginx openssl gcc python3-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "缺少系统软件包：${missing[*]}；请用本机的包管理器安装。" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
