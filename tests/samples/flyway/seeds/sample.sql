INSERT INTO accounts (id, code, owner) VALUES (1, 'ABCDEFGH', 'ada'), (2, 'XY', 'bob');
