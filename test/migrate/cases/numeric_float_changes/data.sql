INSERT INTO measures (id, amount, ratio, rate, exact) VALUES (1, 12.5, 0.25, 1.125, 7);
