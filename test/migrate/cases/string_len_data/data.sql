INSERT INTO products (id, sku, name, code) VALUES (1, 'A-1', 'Anvil', 'AN');
INSERT INTO products (id, sku, name, code) VALUES (2, 'B-2', 'Bucket', NULL);
