INSERT INTO notes (id, title, body) VALUES (1, 'a', 'b');
