// Shared domain words used across features.
export const zh = {
  "grade.none": "未评级",
  "grade.value": "{n}A",
  "grade.expired": "{n}A（已过期）",
} as const;

export const en: { [K in keyof typeof zh]: string } = {
  "grade.none": "Not graded",
  "grade.value": "{n}A",
  "grade.expired": "{n}A (expired)",
};
