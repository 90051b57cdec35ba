"""Results: the tables of a solved plan, the results and sweep workbooks, and what
is printed on the console."""
