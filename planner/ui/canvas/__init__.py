"""Map canvas: a QGraphicsView in project metres (y flipped once); items only draw."""
