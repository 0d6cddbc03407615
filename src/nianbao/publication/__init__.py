"""Checking publication on the websites themselves: fetch the 公开网址 and the home page, find the report,
read it with the layout readers and compare it with the approved revision. No Django here.

    addresses.py   which addresses a request may go to (the SSRF guard) and the allow-list setting
    fetch.py       one safe GET: own DNS resolution, connection to the checked address, manual redirects,
                   timeouts, a size limit, the user agent
    locate.py      the report on a fetched page: the page itself, a linked DOCX/PDF/XLSX, or an iframe
    compare.py     item-by-item comparison of the published copy with the approved values
    check.py       one report's check → CheckResult (一致 / 不一致 / 未找到报表 / 无法访问, 首页未见链接)
    batch.py       many checks: a global limit on workers and one request at a time per host
"""

from nianbao.publication.addresses import AddressPolicy
from nianbao.publication.check import CheckResult, Outcome, check_publication
from nianbao.publication.fetch import FetchError, FetchPolicy

__all__ = [
    "AddressPolicy",
    "CheckResult",
    "FetchError",
    "FetchPolicy",
    "Outcome",
    "check_publication",
]
