INSERT INTO articles (id, summary, slug, title, body) VALUES (1, 'short', 'first', 'First', 'text');
