/// Given names, to keep people out of the glossary: "George Miranda" wrote a book the corpus cites, and a
/// blog's authors and speakers are named in many posts, but neither is a concept of the field.
///
/// Language data, not a list of any corpus's people. Names that are also products, projects or languages of
/// the field (Ruby, Julia, Ada, Django, Hugo, Felix, Cassandra, Aurora, Ray, Jenkins) and ordinary English words (Will,
/// Mark, Bill, Grant, May) are left out on purpose.
enum PersonNames {
  /// Lower-case given names.
  static let given: Set<String> = [
    "aaron", "abigail", "adam", "adrian", "ahmed", "aisha", "alan", "albert", "alberto", "alejandro", "alex",
    "alexander", "alexandra", "alexis", "alice", "alicia", "alison", "amanda", "amber", "amit", "amy", "ana",
    "andrea", "andreas", "andrew", "andy", "angela", "anil", "anita", "ann", "anna", "anne", "anthony", "antonio",
    "arjun", "arthur", "ashley", "austin", "barbara", "ben", "benjamin", "bernard", "beth", "betty", "bob",
    "bobby", "brad", "bradley", "brandon", "brenda", "brendan", "brian", "bruce", "bryan", "caleb", "cameron",
    "carl", "carlos", "carmen", "carol", "caroline", "catherine", "charles", "charlie", "charlotte", "chen",
    "cheryl", "chris", "christian", "christina", "christine", "christopher", "claire", "claudia", "colin",
    "connor", "craig", "cynthia", "dan", "daniel", "daniela", "danielle", "darren", "dave", "david", "debbie",
    "deborah", "denise", "dennis", "derek", "diana", "diane", "diego", "dmitri", "dmitry", "dominic", "donald",
    "donna", "doug", "douglas", "dylan", "ed", "eduardo", "edward", "elena", "elizabeth", "ellen", "emily",
    "emma", "eric", "erik", "erin", "ethan", "eugene", "eva", "evan", "fatima", "fernando", "fiona", "francesca",
    "francesco", "francisco", "frank", "fred", "frederick", "gabriel", "gareth", "gary", "george", "gerald",
    "giovanni", "giulia", "gloria", "gordon", "graham", "greg", "gregory", "hannah", "hans", "harold", "harry",
    "heather", "helen", "henry", "hiroshi", "howard", "ian", "igor", "irene", "isaac", "isabel", "isabella",
    "ivan", "jacob", "jacqueline", "james", "jamie", "jan", "jane", "janet", "jason", "javier", "jean", "jeff",
    "jeffrey", "jennifer", "jenny", "jeremy", "jerry", "jessica", "jim", "jimmy", "joan", "joanna", "joe", "joel",
    "johannes", "john", "johnny", "jon", "jonathan", "jorge", "jose", "joseph", "josh", "joshua", "joyce", "juan",
    "judith", "judy", "julie", "julien", "justin", "karen", "karl", "kate", "katherine", "kathleen", "kathy",
    "katie", "keith", "kelly", "kelsey", "ken", "kenneth", "kevin", "kim", "kimberly", "klaus", "kumar", "kurt",
    "kyle", "larry", "laura", "lauren", "lee", "leo", "leonardo", "li", "liam", "linda", "lisa", "liz", "lori",
    "louis", "lucas", "lucy", "luis", "luke", "madison", "manuel", "marc", "marco", "margaret", "maria", "marie",
    "marina", "mario", "marisa", "martha", "martin", "mary", "matt", "matthew", "megan", "melissa", "michael",
    "michelle", "miguel", "mike", "mohammed", "muhammad", "nancy", "natalie", "nathan", "neil", "nicholas",
    "nick", "nicole", "nikhil", "noah", "olga", "oliver", "olivia", "omar", "oscar", "pablo", "pamela", "paolo",
    "patricia", "patrick", "paul", "paula", "pedro", "peter", "philip", "phillip", "pierre", "priya", "rachel",
    "rahul", "rajesh", "ralph", "randy", "raymond", "rebecca", "richard", "rick", "rob", "robert", "roberto",
    "robin", "roger", "ronald", "rosa", "ruth", "ryan", "sam", "samantha", "samuel", "sandra", "sara", "sarah",
    "scott", "sean", "sebastian", "sergei", "sergey", "seth", "sharon", "shawn", "shirley", "simon", "sophia",
    "sophie", "stefan", "stephanie", "stephen", "steve", "steven", "susan", "suresh", "tamar", "tanya", "teresa",
    "terry", "thomas", "tim", "timothy", "tina", "todd", "tom", "tony", "tracy", "travis", "tyler", "valerie",
    "vanessa", "vicki", "victoria", "vincent", "virginia", "vivek", "walter", "wayne", "wei", "william", "wolfgang",
    "xavier", "yan", "yuki", "yusuf", "zachary", "zoe",
  ]
}
