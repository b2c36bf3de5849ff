INSERT INTO counters (id, name) VALUES (1, 'c');
