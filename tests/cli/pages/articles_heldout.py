"""Articles of the held-out pages, written for rill after the detector,
and never used to tune it (see build.py)."""

PAGES = []


def page(name, site, meta, text):
    PAGES.append((name, site, meta, text))


page("daily-pier", "daily", {
    "date": "14:22, Sat, Mar 16, 2024", "comments": "87",
    "related": ["Seaside town named best place to live in Britain", "Storm damages historic bandstand",
                "Council approves plans for new marina"],
}, """
# Historic pier reopens after £4m restoration as crowds flock to seafront
! By Kate Hollis
! The pier has been closed since a storm tore away part of its decking in 2021 (Image: Getty)
Thousands of people queued along the seafront on Saturday as the town's Victorian pier opened to the public for the first time in three years.
The 1,200-foot pier, built in 1869, was closed after a winter storm ripped away a section of its wooden decking and damaged the pavilion at the far end.
! READ MORE: The seaside towns where house prices have doubled in a decade
Engineers have replaced more than 400 cast-iron supports and laid new decking made from tropical hardwood recovered from old railway sleepers.
Mayor Peter Lang said: "This pier is the heart of our town. My grandparents courted here, and now my grandchildren will play on it. Today is a very proud day."
! Advertisement
The restoration was paid for by a heritage grant and more than £600,000 raised by local people through sponsored walks, quiz nights and a sponsor-a-plank scheme.
The pavilion will reopen as a café and events space in the summer, and the trust that runs the pier hopes to bring back the end-of-the-pier shows that ended in the 1980s.
""")

page("daily-scam", "daily", {
    "date": "09:05, Tue, Mar 19, 2024", "comments": "31",
    "related": ["Banks refund victims of text message fraud", "How to spot a fake parcel delivery text",
                "Pensioner loses £20,000 in phone scam"],
}, """
# Warning over fake parking fine texts as drivers lose hundreds
! By Sam Whitlock, Consumer Reporter
Drivers are being warned about a wave of fake text messages claiming they owe money for unpaid parking fines.
The messages, which appear to come from local councils, tell recipients to pay within 48 hours or face court action, and include a link to a convincing copy of a council payment page.
Trading standards officers said they had received more than 2,000 reports in a week, and that some victims had lost several hundred pounds after entering their card details.
"Councils will never ask you to pay a fine by text message. If you get one, do not click the link, and report it by forwarding the message to 7726," a spokesman said.
! Don't miss...
! Five signs a text message is a scam [LATEST]
Anyone who thinks they may have been caught out should contact their bank immediately.
""")

page("magazine-map", "magazine", {
    "section": "History", "date": "4 March 2024", "reading": "12 minute read",
    "bio": "Hannah Okafor is a historian at the University of Bristol. Her book on the mapmakers of the Atlantic coast will be published next year.",
    "topics": "history, maps, exploration",
    "related": ["The lost art of reading the sea", "Why every map is a lie", "The man who measured the world"],
}, """
# The mapmaker who drew a coastline she had never seen
In the spring of 1792, a young woman in a rented room in Lisbon finished a chart of a coast more than four thousand miles away. She had never been to sea, and she never would. Yet for the next forty years sailors trusted her map with their lives.
Her name was Maria Teresa Alves, and almost everything we know about her comes from a bundle of letters found in 1998 in the archive of a shipping company that no longer exists.
The letters show how she worked. Captains returning from the south brought her their logbooks, their rough sketches and their memories, and she sat with them for hours, asking questions, comparing one account with another, and slowly building up a picture of a coast that no single person had ever seen whole.
> She trusted no single captain, and she trusted every captain a little.
It was, in a sense, an early form of what scientists now call triangulation of sources. When two logbooks disagreed about the position of a headland, she looked for a third, and if there was no third, she marked the headland with a small circle, a sign to sailors that its position was uncertain.
## A map built from voices
That honesty about uncertainty is what makes her charts remarkable. Most mapmakers of the period filled empty spaces with invented rivers and mountains, because a blank space looked like ignorance. Alves left hers blank, and wrote beside them, in a neat hand, that nothing was known.
Her chart was reprinted at least eleven times, and copies have been found in the libraries of navies in three countries. The last known edition was printed in 1834, long after her death.
Why she was forgotten is not hard to guess. Her name appears only on the first edition; later printers removed it, and by the end of the century the chart was simply known by the name of the company that sold it.
""")

page("station-storm", "station", {
    "video": "Crews clear roads ahead of winter storm", "date": "Jan 18, 2024 / 05:41 PM CST",
    "author": "Marcus Lee",
    "related": ["School closings and delays", "How to keep your pipes from freezing", "Live radar"],
}, """
# City crews prepare for up to 10 inches of snow overnight
City road crews spent Thursday afternoon treating main roads with salt and brine ahead of a winter storm that forecasters say could bring up to ten inches of snow by Friday morning.
The public works department said all 48 of its plows would be on the roads from midnight, concentrating first on emergency routes, bus lines and the roads around the hospital.
"We ask people to stay home if they can. If you have to drive, give the plows plenty of room," said public works director Angela Moss.
Several school districts have already announced they will close on Friday, and the county has opened two warming centers for people who need somewhere to stay overnight.
The heaviest snow is expected between 2 a.m. and 8 a.m., with strong winds causing drifting on rural roads.
""")

page("university-sleep", "university", {
    "date": "Published: 12 February 2024",
    "contact": "Press Office, +44 (0)113 496 0000, press@northbridge.example",
    "notes": "The study was funded by the Medical Research Council and published in the journal Sleep Health.",
    "related": ["Researchers find link between noise and heart disease", "New sleep clinic opens at the hospital",
                "University ranked in top 100 for medicine"],
}, """
# Teenagers who use phones after midnight sleep an hour less, study finds
Teenagers who use their phones after midnight sleep almost an hour less a night than those who stop earlier, according to a study led by researchers at the University of Northbridge.
The team followed 1,400 pupils aged 13 to 17 at twelve schools for a full school year, using sleep trackers and questionnaires to record when they went to bed, when they fell asleep and how they felt during the day.
Pupils who regularly used their phones after midnight fell asleep on average 54 minutes later, and reported feeling tired at school on three days a week or more.
"It is not just the screen light. It is that the phone keeps the brain busy at exactly the time it needs to wind down," said Dr Amira Said, who led the study.
The researchers say schools and parents should encourage teenagers to leave their phones outside the bedroom at night, and that later school start times could also help.
""")

page("kurier-radweg", "kurier", {
    "section": "Lokales", "date": "11.03.2024, 17:30 Uhr", "author": "Von Ulrike Sander",
    "comments": [
        ("Radler_HRO", "11.03.2024, 18:02", "Endlich! Ich fahre die Strecke jeden Tag und habe mich schon oft über die Autos geärgert, die auf dem Radstreifen parken."),
        ("Peter K.", "11.03.2024, 19:15", "Und wo sollen die Anwohner jetzt parken? Daran hat wieder keiner gedacht."),
        ("Mona", "12.03.2024, 07:40", "Die Kreuzung am Bahnhof bleibt trotzdem gefährlich, da muss auch etwas passieren."),
    ],
    "related": ["Neue Ampel am Hafen", "Stadt plant Tempo 30 im Zentrum", "Parkgebühren steigen ab Mai"],
}, """
# Neuer Radweg zwischen Hafen und Uni ist fertig
Nach zwei Jahren Bauzeit ist der neue Radweg zwischen dem Stadthafen und der Universität fertig. Am Montag gab Oberbürgermeisterin Lena Kraft die 3,2 Kilometer lange Strecke frei.
Der Radweg ist durchgehend drei Meter breit und durch einen Bordstein von der Fahrbahn getrennt. An den Kreuzungen haben Radfahrer eigene Ampeln bekommen.
„Wer mit dem Rad zur Uni oder zur Arbeit fährt, soll sich hier sicher fühlen“, sagte Kraft bei der Eröffnung. Für den Radweg mussten allerdings rund 120 Parkplätze wegfallen.
Die Stadt hat für das Projekt etwa 4,5 Millionen Euro ausgegeben, den größten Teil davon hat der Bund bezahlt.
""")

page("carnet-train", "carnet", {
    "date": "16 mars 2024", "author": "Élise",
    "comments": [
        ("Marc", "16 mars 2024 à 20 h 14 min", "Merci pour ce récit, j'ai fait le même trajet l'an dernier et j'ai retrouvé toutes mes impressions."),
        ("Sophie L.", "17 mars 2024 à 9 h 02 min", "Est-ce qu'il faut réserver la couchette longtemps à l'avance ? Je pensais partir en mai."),
        ("Élise", "17 mars 2024 à 10 h 30 min", "Bonjour Sophie, en mai je conseille de réserver au moins un mois avant."),
    ],
    "related": ["Trois jours à Porto", "Le train de nuit pour Vienne", "Voyager léger"],
}, """
# Paris–Briançon en train de nuit : mon carnet de voyage
Je suis montée dans le train de nuit à la gare d'Austerlitz un jeudi soir, avec un sac à dos, un livre et une boîte de biscuits. Le lendemain matin, je me suis réveillée au milieu des montagnes.
Le train part à vingt heures cinquante et arrive à Briançon un peu après huit heures. Entre les deux, il traverse la France endormie, et l'on entend seulement le bruit des rails et, parfois, une annonce lointaine.
J'avais réservé une place en couchette dans un compartiment de six. Mes voisins étaient une famille de Lyon partie skier et un vieux monsieur qui rentrait chez lui après avoir rendu visite à sa fille.
Au réveil, le paysage avait changé : de la neige sur les sapins, des torrents gris, des villages aux toits de lauzes. C'est ce moment-là, je crois, que j'attendais depuis des semaines.
Si vous partez, prenez quelque chose à manger : il n'y a pas de voiture-bar, et l'on arrive souvent affamé.
""")

page("economia-paro", "economia", {
    "section": "Empleo", "date": "2 de abril de 2024 - 09:15 CEST", "author": "Pablo Marín",
    "related": ["La afiliación a la Seguridad Social marca un nuevo récord", "Dónde se crea más empleo",
                "Los sindicatos piden subir el salario mínimo"],
}, """
# El paro baja en marzo por la Semana Santa y el turismo
El número de parados registrados en las oficinas de empleo bajó en marzo en más de 33.000 personas, gracias sobre todo al tirón del turismo en las semanas previas a la Semana Santa.
Según los datos publicados este martes por el Ministerio de Trabajo, el total de desempleados se sitúa en 2,7 millones, la cifra más baja en un mes de marzo desde 2008.
El descenso se concentró en el sector servicios, mientras que la industria y la agricultura apenas registraron cambios.
La ministra de Trabajo destacó que el empleo indefinido sigue creciendo y que más de la mitad de los nuevos contratos firmados en el mes fueron fijos.
Los economistas advierten, sin embargo, de que parte de este empleo es estacional y podría perderse después del verano.
""")

page("vesti-most", "vesti", {
    "section": "Транспорт", "date": "20 марта 2024, 11:05", "author": "Ольга Белова",
    "tags": "мост, транспорт, ремонт",
    "related": ["Как объехать пробки в центре", "Новые автобусы выйдут на линию в апреле", "Ремонт дорог начнётся в мае"],
}, """
# Старый мост через реку закроют на ремонт до осени
С первого апреля старый мост через реку в центре города закроют для машин на ремонт, который продлится до конца сентября.
По словам представителей мэрии, конструкции моста не ремонтировали больше тридцати лет, и проверка показала серьёзный износ опор.
На время работ общественный транспорт пустят в объезд по новому мосту, а для пешеходов оставят узкий проход вдоль одной из сторон.
«Мы понимаем, что водителям будет непросто, но откладывать ремонт больше нельзя», — заявил заместитель мэра по транспорту.
Жителям рекомендуют заранее планировать поездки и по возможности пользоваться общественным транспортом.
""")

page("it-mercato", "small", {
    "head": ["La Voce di Bologna", "Bologna", "Provincia", "Cronaca", "Economia", "Sport", "Eventi",
             "Abbonati", "Accedi", "Bologna", "9 marzo 2024", "di Giulia Ferri",
             "Tempo di lettura: 2 minuti"],
    "foot": ["Condividi questo articolo", "Ti potrebbe interessare", "Nuovo parcheggio in via Marconi",
             "Mercatini di Natale, le date", "Newsletter", "Iscriviti per ricevere le notizie della tua città",
             "Redazione", "Contatti", "Pubblicità", "Privacy e cookie", "© La Voce di Bologna"],
}, """
# Il mercato coperto riapre dopo due anni di lavori
Dopo due anni di lavori, il mercato coperto nel centro di Bologna ha riaperto sabato mattina con quaranta banchi di frutta, verdura, pesce e formaggi.
Il restauro ha riportato alla luce le grandi vetrate dell'Ottocento e ha aggiunto una terrazza con vista sui tetti della città, dove si potrà mangiare quello che si compra ai banchi.
«Qui c'era mio nonno, poi mio padre, adesso ci sono io», ha raccontato un venditore di formaggi, emozionato davanti ai primi clienti.
Il Comune ha speso quasi otto milioni di euro, in parte con fondi europei. Il mercato sarà aperto tutti i giorni tranne la domenica.
""")

page("pl-las", "small", {
    "head": ["Kurier Regionalny", "Wiadomości", "Region", "Kraj", "Sport", "Kultura", "Pogoda",
             "Zaloguj się", "Region", "14 marca 2024, 12:00", "Autor: Tomasz Nowak"],
    "foot": ["Czytaj także", "Nowa ścieżka rowerowa nad rzeką", "Pożar lasu pod miastem",
             "Skomentuj", "Redakcja", "Regulamin", "Polityka cookies", "© Kurier Regionalny"],
}, """
# Mieszkańcy posadzili dziesięć tysięcy drzew
W sobotę ponad trzystu mieszkańców gminy wzięło udział w akcji sadzenia lasu na terenie, który dwa lata temu zniszczyła wichura.
Wolontariusze posadzili dziesięć tysięcy młodych drzew, głównie dębów, buków i sosen, które przekazało nadleśnictwo.
Wśród uczestników były całe rodziny, uczniowie miejscowej szkoły i członkowie klubu seniora.
Leśnicy zapowiadają, że podobna akcja odbędzie się jesienią, a chętnych już teraz można zapisywać w urzędzie gminy.
""")

page("pt-escola", "small", {
    "head": ["Diário da Região", "Última hora", "Região", "País", "Economia", "Desporto",
             "Assine já", "Entrar", "Região", "5 de março de 2024 às 17:20", "Por Miguel Costa"],
    "foot": ["Partilhe", "Comentários", "Relacionados", "Câmara aprova obras no centro",
             "Nova biblioteca abre em abril", "Estatuto editorial", "Contactos", "Privacidade",
             "© Diário da Região"],
}, """
# Escola centenária vai ser transformada em centro cultural
A antiga escola primária da vila, fechada há oito anos por falta de alunos, vai ser transformada num centro cultural com biblioteca, sala de espetáculos e oficinas para crianças.
O projeto foi aprovado por unanimidade pela câmara municipal e as obras deverão começar no verão, com um custo estimado de um milhão e meio de euros.
Muitos antigos alunos estiveram presentes na sessão pública e contaram histórias dos tempos em que a escola tinha mais de cem crianças.
O presidente da câmara disse que o objetivo é devolver o edifício à população e dar nova vida ao centro da vila.
""")

page("daily-long", "daily", {
    "date": "06:00, Sun, Mar 24, 2024", "comments": "203",
    "related": ["The village where everyone knows your name", "Rural bus routes cut by a third",
                "Why young people are moving back to the country"],
}, """
# The last shop in the village: how one community saved its store
! By Laura Penrose
When the owners of the only shop in Little Ashby announced they were retiring, the village of 600 people faced a future without anywhere to buy a pint of milk, post a letter or simply stop for a chat.
The nearest supermarket is eleven miles away, and the bus runs twice a day, so for many older residents the shop was more than a convenience. It was a lifeline.
"People forget how much happens over a shop counter," said Jean Barker, who has lived in the village for sixty years. "It's where you find out someone is ill, or that a new baby has arrived."
## A village meeting
Within a week of the news, more than a hundred people crowded into the village hall for a meeting. By the end of the evening they had agreed to try to buy the shop and run it as a community business.
! Advertisement
Over the next six months they sold shares at £25 each, held a sponsored walk and a quiz night, and won a grant from a rural charity. In total they raised £180,000, enough to buy the building and the stock.
Today the shop is run by two paid managers and a rota of forty volunteers, who work shifts of three hours a week.
## More than a shop
The new owners have added a small café in the back room, a table where people can leave books and a noticeboard for local jobs and lifts to the hospital.
! READ MORE: The village pubs that are being saved by their customers
Sales are up by a third since the village took over, and the shop made a small profit in its first year, which has been spent on new fridges.
"We didn't know anything about running a shop," said chairman Tom Eddy. "We just knew we couldn't lose it."
""")

page("station-dog", "station", {
    "video": "Dog rescued from frozen pond", "date": "Feb 2, 2024 / 08:12 AM CST",
    "updated": "5 hours ago", "author": "Jenna Park",
    "related": ["Ice safety tips for pet owners", "Shelter needs foster families", "Weekend forecast"],
}, """
# Firefighters rescue dog that fell through ice on frozen pond
Firefighters rescued a dog that fell through the ice on a frozen pond in Riverside Park on Thursday morning.
The dog, a three-year-old retriever named Buddy, ran onto the ice while chasing geese and fell through about thirty feet from the shore.
Two firefighters in cold-water suits crawled across the ice and pulled him out after about fifteen minutes. He was wrapped in blankets and taken to a vet, who said he was cold but unhurt.
Fire officials reminded pet owners to keep dogs on a leash near water in winter and never to go onto the ice themselves to try to save an animal.
""")
