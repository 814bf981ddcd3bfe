// Dates as people read them, in the system's language.

import { dateLocale } from "./vocabulary.js";

const dayMonth = new Intl.DateTimeFormat(dateLocale, { day: "numeric", month: "long", timeZone: "UTC" });
const dayMonthYear = new Intl.DateTimeFormat(dateLocale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const weekdayDayMonth = new Intl.DateTimeFormat(dateLocale, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });

/** "Monday, December 7" for a calendar date "2026-12-07". */
export function longDay(text) {
  return weekdayDayMonth.format(calendarDate(text));
}

const weekdayOnly = new Intl.DateTimeFormat(dateLocale, { weekday: "long", timeZone: "UTC" });

/** "Friday" for a calendar date "2026-12-04". */
export function weekday(text) {
  return weekdayOnly.format(calendarDate(text));
}

/** "1 December 2026" for a calendar date "2026-12-01". */
export function fullDay(text) {
  return dayMonthYear.format(calendarDate(text));
}

/** Parses a calendar date "2026-11-23" as that day, whatever the time zone. */
export function calendarDate(text) {
  const [year, month, day] = text.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

/** "23 – 29 November 2026" for a week's first and last days. */
export function weekRange(firstDay, lastDay) {
  return dayMonthYear.formatRange
    ? dayMonthYear.formatRange(calendarDate(firstDay), calendarDate(lastDay))
    : `${dayMonth.format(calendarDate(firstDay))} – ${dayMonthYear.format(calendarDate(lastDay))}`;
}

/** "Week 48" from "2026-W48". */
export function weekLabel(week) {
  return `Week ${Number(week.split("-W")[1])}`;
}

/** "today", "yesterday", "4 days ago". */
export function daysAgo(days) {
  if (days === 0) return "today";
  if (days === 1) return "yesterday";
  return `${days} days ago`;
}

/** "tomorrow", "in 5 days". */
export function inDays(days) {
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  return `in ${days} days`;
}

/**
 * "07:30" for a time of day typed as "0730", "730", "7:30", "7.30" or "7", and "21:00" for
 * "9pm", "9 PM" or "9:00 p.m."; null when it is not one.
 */
export function clockTime(text) {
  const match = /^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?$/i.exec(text.trim());
  if (!match) return null;
  let [hours, minutes] = [Number(match[1]), Number(match[2] ?? "0")];
  const half = match[3]?.toLowerCase();
  if (half) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (half === "p" ? 12 : 0);
  }
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/** `text` with its first letter in capitals: "Every 2 weeks". */
export function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The ISO week name ("2026-W50") of the week `weeks` after the one starting on `monday`. */
export function weekAfter(monday, weeks) {
  const date = calendarDate(monday);
  date.setUTCDate(date.getUTCDate() + 7 * weeks + 3); // that week's Thursday names its ISO year
  const year = date.getUTCFullYear();
  const week = Math.floor((date - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** "1 week", "3 weeks": a count with the word that fits it. */
export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}
