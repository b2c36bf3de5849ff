INSERT INTO categories (id, name) VALUES (1, 'root');
INSERT INTO categories (id, name) VALUES (2, 'leaf');
