"""Reading and writing files; the CRS policy of the project lives here."""
