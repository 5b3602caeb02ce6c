#!/usr/bin/env python3
"""Prints what a spreadsheet program sees in an XLSX file, one fact per line, for the CLI tests
(tests/cli/xlsx_cli_test.cpp), read with openpyxl (Debian python3-openpyxl):

  sheet NAME freeze=A2 filter=A1:M3
  width NAME C 22.7
  cell NAME A1 s 任务号 @ comment=task_id
  cell NAME I2 s 057187654321 @
  cell NAME F2 n 3 General
  cell NAME M2 d 2026-08-28T00:00:00 yyyy-mm-dd
  cell NAME L2 s 车辆因长期未登录… @ wrap
  height NAME 2 45.0

Cell types are openpyxl's: s text, n number, d date (a datetime), f formula; "wrap" marks a
cell whose text wraps. Empty cells are left out; a row height is listed only when set. Usage: read_xlsx.py FILE
"""
import sys

import openpyxl


def main():
    workbook = openpyxl.load_workbook(sys.argv[1])
    out = []
    for sheet in workbook.worksheets:
        out.append("sheet %s freeze=%s filter=%s" % (sheet.title, sheet.freeze_panes,
                                                     sheet.auto_filter.ref))
        for letter, dimension in sorted(sheet.column_dimensions.items()):
            out.append("width %s %s %.1f" % (sheet.title, letter, dimension.width))
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                value = cell.value.isoformat() if cell.data_type == "d" else str(cell.value)
                line = "cell %s %s %s %s %s" % (sheet.title, cell.coordinate, cell.data_type,
                                                 value, cell.number_format)
                if cell.comment is not None:
                    line += " comment=" + cell.comment.text
                if cell.alignment.wrap_text:
                    line += " wrap"
                out.append(line)
        for index, dimension in sorted(sheet.row_dimensions.items()):
            if dimension.height is not None:
                out.append("height %s %d %.1f" % (sheet.title, index, dimension.height))
    sys.stdout.write("\n".join(out) + "\n")


main()
