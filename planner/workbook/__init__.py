"""Reading and checking the input workbook: file safety, the schema, cell parsing,
validation, cross-sheet checks and the typed model data made from it."""
