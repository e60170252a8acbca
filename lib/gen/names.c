/*
 * names.c - word lists and name builders for generated districts, schools
 * and courses.
 *
 * Names are built from invented places and common surnames so that a state
 * of 600 districts has distinct, plausible names; a few carry commas and
 * quotes (`St. Mary's "Central", East`) because real exports do, and a CSV
 * reader must keep them whole.
 */
#include <stdio.h>
#include <string.h>

#include "gen/gen_internal.h"

#define WORDS(a) {a, sizeof a / sizeof a[0]}

static const char *const places[] = {
    "Ashford", "Bay Village", "Beaver Creek", "Belmont", "Birch Hollow", "Bluffton",
    "Brookfield", "Cedar Falls", "Chestnut Ridge", "Clearwater", "Clinton", "Coal Grove",
    "Copper Hill", "Crestline", "Deer Park", "Dover", "Eagle Point", "Elm Grove", "Fairfield",
    "Fairview", "Forest Hills", "Fox Run", "Franklin", "Glen Ellis", "Granite Falls",
    "Green Valley", "Greenfield", "Hamilton", "Harbor View", "Hawthorne", "Hickory Flats",
    "Highland", "Hillsdale", "Holly Springs", "Indian Lake", "Ironton", "Jackson", "Kent Falls",
    "Kingsport", "Lakeview", "Laurel", "Liberty", "Lincoln Heights", "Lone Pine", "Madison",
    "Maple Heights", "Marion", "Meadowbrook", "Mill Creek", "Milton", "Mound City",
    "New Haven", "Northridge", "Oak Harbor", "Oakwood", "Olmsted", "Orchard Park", "Oxford",
    "Paint Valley", "Pine Bluff", "Pleasant Hill", "Prairie View", "Quarry Point", "Ravenna",
    "Red Oak", "Ridgewood", "River Bend", "Riverside", "Rock Creek", "Rolling Hills", "Salem",
    "Sand Ridge", "Shady Grove", "Shelby", "Silver Lake", "Spring Valley", "Stone Bridge",
    "Sugar Creek", "Summit", "Sycamore", "Tall Pines", "Three Rivers", "Trenton", "Union",
    "Valley View", "Vernon", "Walnut Hills", "Warren", "Washington Court", "Waverly",
    "West Branch", "Westfield", "Whitewater", "Willow Springs", "Windham", "Wolf Creek",
    "Woodland", "Wyandot", "Yellow Springs", "Zane Falls", "Coeur d'Lac",
};
static const char *const surnames[] = {
    "Adams", "Anderson", "Banneker", "Bethune", "Carver", "Chavez", "Douglass", "Edison",
    "Eisenhower", "Franklin", "Garfield", "Grant", "Harding", "Hayes", "Jefferson", "Johnson",
    "Kennedy", "King", "Lincoln", "Madison", "Mann", "Marshall", "McKinley", "Monroe", "Owens",
    "Parks", "Roosevelt", "Stevenson", "Taft", "Truman", "Tubman", "Washington", "Whitney",
    "Wilson", "Wright",
};
static const char *const directions[] = {"North", "South", "East", "West", "Central"};
static const char *const saints[] = {"Mary", "Joseph", "Francis", "Ann", "Patrick", "Clare"};
static const char *const mottos[] = {"Central", "Lakeside", "Heritage", "Summit", "Pioneer",
                                     "Valley"};
static const char *const modifiers[] = {"", "North ", "South ", "East ", "West ", "New ",
                                        "Upper ", "Lower ", "Mount ", "Port ", "Old ", "Lake "};

static const char *const ap_courses[] = {
    "English Language and Composition", "English Literature and Composition", "Calculus AB",
    "Calculus BC", "Statistics", "US History", "World History: Modern", "US Government and Politics",
    "Psychology", "Biology", "Chemistry", "Physics 1", "Environmental Science",
    "Human Geography", "Macroeconomics", "Microeconomics", "Spanish Language and Culture",
    "Computer Science Principles", "Computer Science A", "Art and Design: 2-D", "Music Theory",
    "European History", "Precalculus", "Seminar",
};
static const char *const ib_courses[] = {
    "English A: Literature HL", "Mathematics: Analysis and Approaches SL", "Biology HL",
    "Chemistry SL", "History HL", "Spanish B SL", "Psychology SL", "Theatre HL",
    "Economics HL", "Physics SL", "Visual Arts SL", "Environmental Systems and Societies SL",
};
static const char *const college_courses[] = {
    "ENGL 1101", "ENGL 1102", "MATH 1150", "MATH 1151", "STAT 1450", "PSY 1010", "SOC 1101",
    "HIST 1151", "HIST 1152", "POLS 1100", "BIO 1111", "CHEM 1210", "PHYS 1250", "COMM 1105",
    "ECON 2001", "SPAN 1101", "ITS 1105", "CIS 1111", "NURS 1010", "EMS 1100", "WELD 1101",
    "AUTO 1110", "ACCT 1010", "BUS 1010", "PHIL 1100", "ART 1101", "MUS 1010", "ANTH 1100",
};

const gen_words rcm_gen_places = WORDS(places);
const gen_words rcm_gen_surnames = WORDS(surnames);
const gen_words rcm_gen_ap_courses = WORDS(ap_courses);
const gen_words rcm_gen_ib_courses = WORDS(ib_courses);
const gen_words rcm_gen_college_courses = WORDS(college_courses);

#define PICK(r, a) ((a)[gen_below((r), (uint32_t)(sizeof(a) / sizeof((a)[0])))])

void rcm_gen_district_name(char *buf, size_t size, char *place, size_t place_size, uint32_t i,
                           gen_rng *r)
{
    size_t n = sizeof places / sizeof places[0], nm = sizeof modifiers / sizeof modifiers[0];
    double u = gen_unit(r);
    /* 37 is prime to the list length: consecutive districts get unrelated
     * places, and each place comes back with the next modifier */
    snprintf(place, place_size, "%s%s", modifiers[(i / n) % nm], places[(i % n) * 37 % n]);
    if (u < 0.30)
        snprintf(buf, size, "%s City School District", place);
    else if (u < 0.72)
        snprintf(buf, size, "%s Local School District", place);
    else if (u < 0.83)
        snprintf(buf, size, "%s Exempted Village School District", place);
    else if (u < 0.96)
        snprintf(buf, size, "%s Local Schools", place);
    else if (u < 0.98)
        snprintf(buf, size, "%s Local, %s County", place, PICK(r, places));
    else
        snprintf(buf, size, "%s \"Consolidated\" Schools", place);
}

/* The special names real exports carry: commas and quotes. */
static void odd_school_name(char *buf, size_t size, const char *place, gen_rng *r)
{
    switch (gen_below(r, 3)) {
    case 0:
        snprintf(buf, size, "St. %s's \"%s\", %s", PICK(r, saints), PICK(r, mottos),
                 PICK(r, directions));
        break;
    case 1:
        snprintf(buf, size, "%s High School, %s Campus", PICK(r, surnames), PICK(r, directions));
        break;
    default:
        snprintf(buf, size, "%s \"%s\" Academy, Grades 9-12", place, PICK(r, mottos));
        break;
    }
}

void rcm_gen_school_name(char *buf, size_t size, const char *district_place, uint32_t nth,
                         uint32_t i, gen_rng *r)
{
    double u = gen_unit(r);
    if (i == 1) { /* one name every export shows, as in the brief's example */
        snprintf(buf, size, "St. Mary's \"Central\", East");
        return;
    }
    if (u < 0.04) {
        odd_school_name(buf, size, district_place, r);
    } else if (nth == 0) {
        if (u < 0.65)
            snprintf(buf, size, "%s High School", district_place);
        else if (u < 0.85)
            snprintf(buf, size, "%s Senior High School", district_place);
        else
            snprintf(buf, size, "%s High School", PICK(r, surnames));
    } else if (u < 0.35) {
        snprintf(buf, size, "%s %s High School", district_place, PICK(r, directions));
    } else if (u < 0.65) {
        snprintf(buf, size, "%s High School", PICK(r, surnames));
    } else if (u < 0.78) {
        snprintf(buf, size, "%s %s High School", PICK(r, surnames), district_place);
    } else if (u < 0.88) {
        snprintf(buf, size, "%s Early College High School", district_place);
    } else if (u < 0.95) {
        snprintf(buf, size, "%s STEM Academy", district_place);
    } else {
        snprintf(buf, size, "%s Career and Technical Academy", district_place);
    }
}
