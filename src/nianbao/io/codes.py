"""The codes of findings that readers raise while placing cells or decoding files, with a Chinese description.

Validation's codes are in nianbao.report.catalogue; these are about reading: where a cell went, or why it
went nowhere. A test keeps this list complete for the shared placement engine and the text, JSON and CSV
formats.
"""

from __future__ import annotations

from types import MappingProxyType

READ_CODES = MappingProxyType(
    {
        # Placement of cells (nianbao.io.placement), shared by every layout reader.
        "W-READ-UNPLACED": "单元格不是项目名称，前面也没有等待填写值的项目，未读入",
        "W-READ-NO-VALUE": "只有项目名称，没有找到它的值，按未填写处理",
        "E-READ-DUPLICATE": "同一项目出现两次且内容不同，已采用第一次的值",
        "W-READ-OPTION-VALUE": "多选项逐项填写时，某选项的值既不是“有”也不是“无”",
        "W-READ-OTHER-EMPTY": "多选项勾选了“其他”但没有注明内容",
        "W-READ-TRADITIONAL": "值是繁体字，已转换为简体（可选择不转换）",
        # Text files (nianbao.io.text).
        "W-READ-DAMAGED-BYTES": "文本文件中有无法识别的字节，相应字符已丢失",
        # JSON and CSV.
        "W-JSON-UNKNOWN-KEY": "JSON 中有模板没有的项目，未读入",
        "E-JSON-VALUE": "JSON 中的值与项目类型不符，未读入",
        "W-CSV-UNKNOWN-KEY": "CSV 中有模板没有的项目，未读入",
        # Excel workbooks (nianbao.io.xlsx).
        "W-READ-LONGFORM-IGNORED": "工作簿的长表页无法使用，已按“报表”页读取",
        "W-READ-LONGFORM-STATE": "长表页中某项的状态无法识别",
        "W-READ-SHEETS-DIFFER": "“报表”页与长表页的值不一致，已采用长表页的值",
    }
)
