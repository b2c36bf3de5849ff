INSERT INTO settings (id, name, ratio) VALUES (1, 'x', 2.25);
