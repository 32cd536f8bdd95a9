INSERT INTO shop.products VALUES (1, 'tea', 4.50), (2, 'cake', 3.00);
