"""Word output: the writer, the Open XML layer and the PDF conversion."""
