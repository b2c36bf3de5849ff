INSERT INTO projects (id) VALUES (1);
INSERT INTO issues (id, title) VALUES (1, 'bug');
