INSERT INTO features (id, name, active, beta) VALUES (1, 'dark', true, 0);
