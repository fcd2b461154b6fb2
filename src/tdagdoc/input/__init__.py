"""Reading and checking what users give: data files, spreadsheets and the models they fill."""
