INSERT INTO products (id, price, name) VALUES (1, 250, 'pen');
