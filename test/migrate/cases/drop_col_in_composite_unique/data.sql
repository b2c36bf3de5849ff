INSERT INTO bookings (id, room, night, guest) VALUES (1, '101', '2026-01-01', 'ann');
