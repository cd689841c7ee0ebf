"""The forms people fill and their readers. What every reader of a filled workbook shares
(opening it safely, a typed number, a cell's words) is offered to the readers of other
packages (coopdocs.control reads the controller's workbook by the same rules)."""

from coopdocs.forms._reading import NotANumber, Rows, plain, typed_number, workbook_rows

__all__ = ["NotANumber", "Rows", "plain", "typed_number", "workbook_rows"]
