-- Reference data: the 9 county-level divisions of Changsha and the 5 service categories.
INSERT INTO "District" ("code", "nameZh", "nameEn", "pilot", "sortOrder") VALUES
  ('furong', '芙蓉区', 'Furong District', 0, 1),
  ('tianxin', '天心区', 'Tianxin District', 0, 2),
  ('yuelu', '岳麓区', 'Yuelu District', 0, 3),
  ('kaifu', '开福区', 'Kaifu District', 1, 4),
  ('yuhua', '雨花区', 'Yuhua District', 1, 5),
  ('wangcheng', '望城区', 'Wangcheng District', 0, 6),
  ('changsha_county', '长沙县', 'Changsha County', 0, 7),
  ('liuyang', '浏阳市', 'Liuyang City', 0, 8),
  ('ningxiang', '宁乡市', 'Ningxiang City', 0, 9);

INSERT INTO "Category" ("code", "nameZh", "nameEn", "sortOrder") VALUES
  ('skills_training', '技能培训', 'Skills training', 1),
  ('legal_aid', '法律援助', 'Legal aid', 2),
  ('psych_counselling', '心理咨询', 'Psychological counselling', 3),
  ('employment', '就业创业服务', 'Employment & entrepreneurship services', 4),
  ('cadre_training', '工会干部培训', 'Union cadre training', 5);
