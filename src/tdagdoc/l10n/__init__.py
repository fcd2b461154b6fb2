"""Languages, ITU number, money and date formats, catalogs and labels, one language at a time."""
