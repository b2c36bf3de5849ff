INSERT INTO accounts (id, status, balance, flags) VALUES (1, 'active', 5, 7);
INSERT INTO accounts (id) VALUES (2);
