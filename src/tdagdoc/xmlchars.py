"""The characters XML 1.0 (and so a .docx) cannot hold: one definition for every layer.

The loader refuses them in the data, naming the character; the streamed table
writer refuses them as lxml does for element trees. Both read this pattern.

>>> bool(NOT_XML.search("tab\\tand line\\nare fine")), NOT_XML.search("a\\x0bb").start()
(False, 1)
"""

from __future__ import annotations

import re

# C0 controls other than tab, line feed and carriage return, lone surrogates,
# and the noncharacters U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
