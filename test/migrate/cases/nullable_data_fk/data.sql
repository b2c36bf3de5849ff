INSERT INTO authors (id, name) VALUES (1, 'Le Guin');
INSERT INTO authors (id, name) VALUES (2, 'Lem');
INSERT INTO books (id, title, author_id, isbn) VALUES (1, 'Dispossessed', 1, '9780061054884');
INSERT INTO books (id, title, author_id, isbn) VALUES (2, 'Solaris', 2, '9780156027601');
INSERT INTO books (id, title, author_id, isbn) VALUES (3, 'Lathe', 1, NULL);
