INSERT INTO students (id, name) VALUES (1, 'a');
INSERT INTO courses (id, title) VALUES (1, 'c');
INSERT INTO enrollments (student_id, course_id) VALUES (1, 1);
