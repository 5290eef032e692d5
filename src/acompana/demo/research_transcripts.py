# ruff: noqa: E501  (transcripts keep one speaker turn per line, as transcripts do)
"""Interview transcripts written for the demo study (fiction, not taken from the Peru paper).

Each mentor of the demo program talks about their trajectory, their induction, the
accompaniment they received and the group counseling sessions, in turns of "Entrevistadora:"
and the mentor's code name.
"""

TRANSCRIPTS: dict[str, str] = {
    "1A": """Entrevistadora: Buenos días. Para empezar, cuénteme un poco de su trayectoria profesional antes de ser mentora.
1A: Soy docente de primaria desde hace cinco años, siempre en escuelas multigrado de Cusco. Nunca fui directora; lo más cercano fue coordinar el plan lector de mi red. También apoyé a colegas nuevos en la planificación de sus sesiones.
Entrevistadora: ¿Cómo vivió eso de acompañar a directivos sin haber dirigido una escuela?
1A: Al inicio con mucho temor. Sentía que los directores me iban a preguntar cosas de gestión que yo no sabía, como el manejo del presupuesto o los documentos para la UGEL. La primera vez que un director me pidió ayuda con su plan anual me quedé callada; tuve que decirle que lo revisaríamos juntos la semana siguiente.
Entrevistadora: ¿Y qué hizo para prepararse?
1A: Estudié los instrumentos de gestión por mi cuenta y, sobre todo, le pregunté a otro mentor, 8H, que tiene más años. Nos juntábamos por videollamada los domingos, sin que nadie nos lo pidiera, a revisar casos y a practicar preguntas reflexivas. Esas reuniones informales entre mentores nuevos me salvaron el primer semestre.
Entrevistadora: Hablemos de la inducción. ¿Cómo fue la suya?
1A: Fue en 2021, totalmente virtual, por Zoom. Eran jornadas largas frente a la pantalla y la señal se cortaba a cada rato. Entendí la teoría del acompañamiento, pero me faltó ver a alguien hacerlo de verdad. Mis compañeros de años anteriores cuentan que ellos hicieron visitas simuladas en persona; nosotros solo vimos videos.
Entrevistadora: ¿Qué aspectos de esa formación le resultaron más útiles?
1A: Los protocolos de visita y las pautas para el diálogo reflexivo. Todavía uso la guía de preguntas abiertas que nos dieron.
Entrevistadora: Durante el programa, ¿quién la acompañó a usted?
1A: La especialista me observó dos veces y me dio retroalimentación escrita. Me ayudó a no dar recetas y a escuchar más. En las asesorías grupales aprendí de los casos de otros mentores, aunque al principio me daba vergüenza contar los míos.
Entrevistadora: ¿Algo más que quiera añadir?
1A: Que el programa debería juntar siempre a un mentor nuevo con uno experimentado desde el principio, no dejarlo a la buena voluntad.
""",
    "2B": """Entrevistadora: Gracias por su tiempo. ¿Podría contarme su trayectoria antes de la mentoría?
2B: Tengo diez años como docente de secundaria, en matemática, y una maestría en gestión educativa. Fui subdirector tres años en una institución de Puno, así que conozco de cerca la carga administrativa de un directivo.
Entrevistadora: ¿Cómo le sirvió esa experiencia directiva?
2B: Mucho, porque cuando el director me dice que no tiene tiempo para visitar aulas, yo sé de qué habla. Puedo ayudarle a ordenar su agenda y a delegar. Pero también me di cuenta de que a veces caía en resolverle los problemas en vez de ayudarle a pensar.
Entrevistadora: Usted participó en dos programas. ¿Hubo diferencias en la inducción?
2B: Muchísimas. En 2020 la inducción fue presencial, en Lima, una semana completa. Hicimos juegos de roles, visitamos una escuela, compartimos la comida con mentores de otras regiones. En 2021 todo fue virtual: módulos en una plataforma y sesiones por Zoom. Los nuevos mentores de 2021 no tuvieron esa convivencia y se notaba; llegaban con muchas dudas sobre cómo se ve una visita real.
Entrevistadora: ¿Y en su trabajo con los directivos, en qué se concentraba?
2B: Mucho en lo instrumental: el PAT, el reglamento interno, el informe de gestión anual, los expedientes para la UGEL. Los directores rurales lo piden porque los supervisan por esos documentos. Yo les decía: lo hacemos, pero después hablamos de cómo ese plan llega al aula.
Entrevistadora: ¿Recibió acompañamiento durante el programa?
2B: Sí, la especialista revisaba mis cuadernos de campo y me hacía preguntas incómodas, en el buen sentido. También teníamos reuniones de asesoría grupal cada mes, donde cada mentor presentaba un caso difícil. Ahí aprendí a no adelantarme con soluciones.
Entrevistadora: ¿Cuál fue el mayor aprendizaje?
2B: Que la experiencia directiva ayuda a ganar credibilidad, pero no basta. Hay que aprender a acompañar, que es otro oficio. Y que la asesoría sobre documentos es la puerta de entrada, no el destino.
""",
    "3C": """Entrevistadora: Empecemos por su trayectoria profesional.
3C: Soy docente de inicial y primaria, con siete años de servicio en Apurímac. No he sido directora. He sido acompañante pedagógica de docentes en un programa del ministerio, así que sabía observar clases y dar retroalimentación.
Entrevistadora: ¿Cómo fue pasar de acompañar docentes a acompañar directivos?
3C: Difícil al comienzo. Con los docentes hablábamos de la sesión de aprendizaje; con los directores, de toda la escuela. Como no tenía experiencia directiva, algunos directores me miraban con desconfianza, me preguntaban cuántos años había dirigido. Aprendí a responder con honestidad y a ofrecer lo que sí sabía: cómo mirar el aula.
Entrevistadora: ¿Qué hizo para ganarse la confianza de los directores?
3C: Escuchar. En la primera visita no llevé ninguna ficha; solo conversamos sobre su historia y sus preocupaciones. Una directora me contó que estaba sola, sin subdirector, con padres que no colaboraban. Le dije que yo estaba para caminar con ella, no para evaluarla. Desde ese día cambió todo. Creo que la empatía y la paciencia pesan más que el cargo que uno tuvo.
Entrevistadora: ¿En qué temas trabajaba más con ellos?
3C: En lo pedagógico: cómo observar una clase, cómo dar retroalimentación a un docente sin herirlo, cómo usar los resultados de las evaluaciones para planificar. Les proponía visitar juntas un aula y después conversar sobre lo que vimos.
Entrevistadora: Hablemos de su inducción como mentora.
3C: Mi primera inducción fue presencial, en 2020, y la segunda, de actualización, virtual en 2021. La presencial me ayudó a conocer a los demás mentores; la virtual fue más teórica.
Entrevistadora: ¿Y las asesorías grupales?
3C: Me gustaban porque compartíamos casos reales. Allí los mentores con experiencia directiva nos explicaban los temas de gestión y nosotros aportábamos lo pedagógico. Era un intercambio.
Entrevistadora: ¿Qué le diría a una mentora nueva que tampoco ha sido directora?
3C: Que no se avergüence. Que estudie los documentos de gestión, que pida ayuda a los mentores antiguos y que confíe en lo que sabe del aula, porque eso es lo que al final cambia los aprendizajes de los estudiantes.
""",
    "4D": """Entrevistadora: Usted ha participado en los tres programas. ¿Cómo llegó a ser mentor?
4D: Tengo veinte años como docente en Ayacucho. No fui director, pero trabajé como formador de docentes y di asistencia técnica a directores en gestión escolar durante varios años. Por eso me convocaron desde el primer programa, en 2019.
Entrevistadora: ¿Qué significó para usted la formación que recibió como mentor?
4D: Fue un antes y un después. Yo venía de la capacitación tradicional, de exponer con diapositivas. En la inducción aprendí que acompañar es preguntar, no dictar. La formación me cambió la manera de relacionarme con los directores y también con mis propios colegas. Cada año volví a aprender algo; no es una formación que se agota.
Entrevistadora: ¿Notó diferencias entre las inducciones de cada año?
4D: En 2019 y 2020 fueron presenciales, con talleres y práctica en escuelas cercanas. En 2021 fue virtual y más corta. Yo ya tenía experiencia, así que me adapté, pero vi a los mentores nuevos perdidos; les faltaba ver cómo se conduce una reunión de reflexión.
Entrevistadora: ¿Cómo es su trabajo con los directores?
4D: Combino lo pedagógico con la gestión. Por ejemplo, revisamos juntos cómo el director monitorea a sus docentes: qué evidencias recoge, cómo da retroalimentación, qué compromisos deja. Yo no les llevo respuestas; les ayudo a mirar su propia práctica con preguntas.
Entrevistadora: ¿Qué papel tuvieron las asesorías grupales?
4D: Fundamental. Cada mes nos reuníamos todos los mentores con la especialista. Cada uno presentaba un caso y los demás hacíamos preguntas. Así aprendíamos de los errores de todos, sin juzgar. Para los nuevos era un espacio seguro.
Entrevistadora: ¿Y el acompañamiento individual que recibió?
4D: La especialista me visitó pocas veces porque confiaba en mi trabajo, pero siempre respondió mis consultas por teléfono. Yo hubiera querido más observación, incluso siendo antiguo; uno también se acostumbra y deja de ver.
""",
    "5E": """Entrevistadora: Cuénteme su trayectoria, por favor.
5E: Fui docente dieciocho años y directora quince, en escuelas rurales y urbanas de Huancavelica. Cuando me jubilé de la dirección me invitaron a ser mentora; me pareció una forma de devolver lo aprendido.
Entrevistadora: ¿Cómo influye su experiencia directiva en la mentoría?
5E: Conozco el cargo por dentro: las reuniones con la APAFA, los conflictos con docentes, las exigencias de la UGEL. Los directores lo perciben y se abren rápido conmigo. Pero tuve que aprender a callar mi experiencia. Al principio les contaba cómo lo hacía yo, y eso no los ayudaba a encontrar su propio camino.
Entrevistadora: ¿En qué tipo de asesoría se concentraba?
5E: Mucho en lo instrumental, porque es lo que más angustia a los directores nuevos: el presupuesto de mantenimiento, el cuadro de horas, los documentos normativos. Les enseñaba a organizar un archivo y un calendario. Cuando eso está ordenado, el director tiene tiempo para lo pedagógico.
Entrevistadora: ¿Cómo fue su inducción como mentora?
5E: Presencial, en 2020. Me sirvió sobre todo el enfoque reflexivo; yo venía de mandar y tuve que aprender a preguntar. Al año siguiente la actualización fue virtual y sentí que faltó práctica.
Entrevistadora: ¿Recibió acompañamiento durante la mentoría?
5E: Sí. El especialista observó una de mis reuniones con una directora y después me dijo que había hablado el setenta por ciento del tiempo. Me dolió, pero tenía razón. Desde entonces grabo, con permiso, algunas conversaciones para revisarlas.
Entrevistadora: ¿Y las asesorías grupales?
5E: Me gustaban porque los mentores jóvenes traían ideas nuevas sobre tecnología y trabajo con familias. Yo aportaba la experiencia del cargo. Aprendimos unos de otros.
Entrevistadora: ¿Qué recomendaría para la formación de futuros mentores?
5E: Que la inducción tenga práctica real en escuelas, con observación y retroalimentación, y que se reconozca que los directores con muchos años también necesitamos aprender a acompañar. La experiencia en el cargo no reemplaza la formación; la complementa.
""",
    "6F": """Entrevistadora: ¿Cómo se describiría profesionalmente?
6F: Soy docente con quince años de servicio y magíster en educación. Fui director cinco años en una escuela de Cusco. Después trabajé como formador en un programa de capacitación docente.
Entrevistadora: ¿Qué fue lo más difícil de acompañar a directivos?
6F: Ganar la confianza. Muchos directores creen que el mentor viene a supervisar. Yo empezaba cada acompañamiento escuchando: qué le preocupa, qué le quita el sueño. Una directora me dijo que era la primera vez que alguien de afuera le preguntaba cómo se sentía. Ese gesto abrió la puerta para todo lo demás.
Entrevistadora: ¿Qué habilidades cree que necesita un mentor?
6F: Saber escuchar, ser paciente, ponerse en el lugar del otro. Los directores rurales trabajan solos, lejos, con pocos recursos. Si uno llega con soberbia, se cierran. La empatía no se enseña en un módulo, pero se puede cultivar en la práctica y en la reflexión.
Entrevistadora: Hablemos de las asesorías grupales.
6F: Eran mi espacio favorito. Nos reuníamos los mentores de la región con la especialista, presentábamos casos y discutíamos alternativas. En 2021 fueron virtuales y perdimos algo de la cercanía, pero ganamos frecuencia: nos veíamos cada dos semanas.
Entrevistadora: ¿Y la inducción?
6F: En 2020 fue presencial y muy práctica. En 2021 participé como mentor antiguo en algunas sesiones virtuales para los nuevos. Vi que a ellos les costaba imaginar la visita a una escuela real sin haberla vivido.
Entrevistadora: ¿Cómo combinaba lo pedagógico y la gestión en su trabajo?
6F: Empezaba por lo que el director pedía, que casi siempre era gestión, y poco a poco llevaba la conversación al aula: qué aprenden los estudiantes, cómo lo sabemos.
Entrevistadora: ¿Recibió acompañamiento de la especialista?
6F: Sí, me visitó dos veces por semestre y revisaba mis registros. Me ayudó a notar que yo hablaba mucho de gestión y poco de aprendizajes. Esa mirada externa fue muy valiosa para equilibrar mi trabajo con los directores.
""",
    "7G": """Entrevistadora: Buenas tardes, 7G. ¿Podría contarme su trayectoria antes de la mentoría?
7G: Claro. Soy docente desde hace veinte años, en Puno. Fui directora encargada dos años y medio, cuando el director titular se fue. También he sido formadora de docentes en un programa regional.
Entrevistadora: ¿Cómo fue su inducción como mentora?
7G: Mi primera inducción fue presencial, en 2020, y fue muy significativa: conocí a mentores de otras regiones, practicamos diálogos reflexivos en parejas. La de 2021, en cambio, fue virtual. Recuerdo que la especialista nos mandó un mensaje al grupo: «Mañana empezamos, conéctense temprano 👍🏽» y al día siguiente media región no tenía señal. Los mentores nuevos de ese año aprendieron casi solos.
Entrevistadora: ¿Qué significó para usted esa formación?
7G: Me dio seguridad. Antes yo pensaba que acompañar era revisar documentos. La formación me enseñó a observar, a preguntar, a registrar en el cuaderno de campo. Sin esa formación no habría sabido qué hacer en la primera visita.
Entrevistadora: ¿Cómo acompañaba a los directores?
7G: Con mucha escucha. Los directores rurales están cansados; tienen aula a cargo y además la dirección. Yo les preguntaba primero cómo estaban. Después trabajábamos lo pedagógico: cómo organizar el monitoreo a los docentes, cómo dar retroalimentación. Cuando me pedían ayuda con el PAT o con algún expediente, también lo hacíamos, pero sin quedarnos ahí.
Entrevistadora: ¿Recibió acompañamiento durante el programa?
7G: Sí, la especialista me observó y me dio retroalimentación sobre mis preguntas: eran muy cerradas. Me sirvió mucho.
Entrevistadora: ¿Y las asesorías grupales?
7G: Sí, cada mes. Compartíamos casos y estrategias. Yo llevé el caso de una directora que quería renunciar, y entre todos pensamos cómo acompañarla.
Entrevistadora: ¿Algo que quiera agregar?
7G: Que a los mentores nuevos hay que acompañarlos más de cerca. Yo organicé con otras dos mentoras nuevas unas reuniones por WhatsApp para contarnos cómo nos iba; fue informal, pero nos sostuvo.
""",
    "8H": """Entrevistadora: Usted ha estado en los tres programas. ¿Cómo empezó?
8H: Soy magíster, docente veinte años y director cinco años y medio en una escuela de Ayacucho. En 2019 me convocaron como mentor por mi experiencia en gestión y porque había trabajado como formador de docentes.
Entrevistadora: ¿Cómo ha cambiado su manera de acompañar?
8H: En el primer año yo daba muchos consejos, como director a director. Con la formación y con las observaciones del especialista aprendí a preguntar más y a dejar que el director encuentre sus respuestas. Ahora mi acompañamiento es más pedagógico: vamos juntos al aula, observamos y luego reflexionamos.
Entrevistadora: En 2021 usted acompañó también a una mentora nueva, ¿verdad?
8H: Sí, a 1A. Ella no había sido directora y estaba preocupada. Nos reuníamos los domingos por videollamada, de manera informal, para revisar sus casos. Yo le contaba errores que cometí al inicio; ella me enseñó a usar mejor las herramientas virtuales. Fue un aprendizaje mutuo.
Entrevistadora: ¿Qué diferencias vio entre las inducciones?
8H: Las de 2019 y 2020 fueron presenciales y prácticas. La de 2021 fue virtual y los nuevos llegaron al campo con dudas básicas: cómo presentarse, qué llevar a la primera visita. Por eso muchos buscamos reunirnos con ellos por nuestra cuenta.
Entrevistadora: ¿Y el acompañamiento que recibió usted?
8H: El especialista me observó cada semestre. Al principio me incomodaba, pero entendí que el mentor también necesita un espejo. Las asesorías grupales mensuales completaban ese acompañamiento.
Entrevistadora: ¿Algún consejo para el programa?
8H: Institucionalizar las parejas de mentores nuevos y antiguos, y volver a la inducción presencial aunque sea unos días.
Entrevistadora: ¿Qué temas trabajaba con más frecuencia con los directores?
8H: El monitoreo pedagógico y la organización de los grupos de interaprendizaje. También los ayudaba con documentos de gestión cuando la UGEL los presionaba, pero siempre buscaba volver a la pregunta central: qué están aprendiendo los estudiantes.
""",
}

# Passages coded by the lead researcher (INV1) and, on three transcripts, by a second coder
# (INV2) who coded independently, so that agreement can be computed. (passage, code name)
CODINGS_INV1: dict[str, list[tuple[str, str]]] = {
    "1A": [
        ("Nunca fui directora", "Experiencia directiva"),
        (
            "Al inicio con mucho temor. Sentía que los directores me iban a preguntar cosas de "
            "gestión que yo no sabía",
            "Mentores sin experiencia directiva",
        ),
        (
            "Nos juntábamos por videollamada los domingos, sin que nadie nos lo pidiera",
            "Reuniones informales de mentores nuevos",
        ),
        ("Fue en 2021, totalmente virtual, por Zoom.", "Inducción del mentor"),
        (
            "Mis compañeros de años anteriores cuentan que ellos hicieron visitas simuladas en "
            "persona; nosotros solo vimos videos.",
            "Diferencias en la inducción de nuevos mentores",
        ),
        ("La especialista me observó dos veces", "Acompañamiento al mentor"),
        ("En las asesorías grupales aprendí de los casos de otros mentores", "Asesoría grupal"),
    ],
    "2B": [
        ("Fui subdirector tres años", "Experiencia directiva"),
        ("En 2020 la inducción fue presencial", "Diferencias en la inducción de nuevos mentores"),
        (
            "Mucho en lo instrumental: el PAT, el reglamento interno, el informe de gestión anual",
            "Asesoría instrumental",
        ),
        ("reuniones de asesoría grupal cada mes", "Asesoría grupal"),
    ],
    "3C": [
        (
            "Como no tenía experiencia directiva, algunos directores me miraban con desconfianza",
            "Mentores sin experiencia directiva",
        ),
        ("He sido acompañante pedagógica de docentes", "Labor ejecutiva desempeñada"),
        ("Creo que la empatía y la paciencia pesan más", "Habilidades sociales empáticas"),
        ("En lo pedagógico: cómo observar una clase", "Asesoría pedagógica"),
    ],
    "4D": [
        (
            "di asistencia técnica a directores en gestión escolar",
            "Labor de asesoría en otros programas de formación",
        ),
        ("Fue un antes y un después.", "Significatividad de la formación del mentor"),
        ("En 2021 fue virtual y más corta.", "Diferencias en la inducción de nuevos mentores"),
        (
            "Cada mes nos reuníamos todos los mentores con la especialista.",
            "Asesoría grupal",
        ),
        ("Combino lo pedagógico con la gestión.", "Asesoría pedagógica"),
    ],
    "5E": [
        ("directora quince", "Experiencia directiva"),
        ("Mucho en lo instrumental", "Asesoría instrumental"),
        ("El especialista observó una de mis reuniones", "Acompañamiento al mentor"),
    ],
    "6F": [
        ("Ganar la confianza.", "Habilidades sociales empáticas"),
        (
            "Saber escuchar, ser paciente, ponerse en el lugar del otro.",
            "Habilidades sociales empáticas",
        ),
        ("Eran mi espacio favorito.", "Asesoría grupal"),
    ],
    "7G": [
        ("Fui directora encargada dos años y medio", "Experiencia directiva"),
        ("Mi primera inducción fue presencial, en 2020", "Inducción del mentor"),
        (
            "«Mañana empezamos, conéctense temprano 👍🏽» y al día siguiente media región no tenía "
            "señal",
            "Diferencias en la inducción de nuevos mentores",
        ),
        ("Me dio seguridad.", "Significatividad de la formación del mentor"),
        ("Con mucha escucha.", "Habilidades sociales empáticas"),
        ("Cuando me pedían ayuda con el PAT o con algún expediente", "Asesoría instrumental"),
        (
            "Yo organicé con otras dos mentoras nuevas unas reuniones por WhatsApp",
            "Reuniones informales de mentores nuevos",
        ),
    ],
    "8H": [
        ("director cinco años y medio", "Experiencia directiva"),
        (
            "Nos reuníamos los domingos por videollamada, de manera informal",
            "Reuniones informales de mentores nuevos",
        ),
        ("El especialista me observó cada semestre.", "Acompañamiento al mentor"),
    ],
}

CODINGS_INV2: dict[str, list[tuple[str, str]]] = {
    "1A": [
        ("Nunca fui directora", "Mentores sin experiencia directiva"),
        (
            "Al inicio con mucho temor. Sentía que los directores me iban a preguntar cosas de "
            "gestión que yo no sabía",
            "Mentores sin experiencia directiva",
        ),
        (
            "Nos juntábamos por videollamada los domingos, sin que nadie nos lo pidiera",
            "Reuniones informales de mentores nuevos",
        ),
        (
            "Fue en 2021, totalmente virtual, por Zoom.",
            "Diferencias en la inducción de nuevos mentores",
        ),
        ("La especialista me observó dos veces", "Acompañamiento al mentor"),
    ],
    "4D": [
        ("Fue un antes y un después.", "Significatividad de la formación del mentor"),
        ("En 2021 fue virtual y más corta.", "Diferencias en la inducción de nuevos mentores"),
        (
            "Cada mes nos reuníamos todos los mentores con la especialista.",
            "Asesoría grupal",
        ),
        ("Combino lo pedagógico con la gestión.", "Asesoría instrumental"),
    ],
    "7G": [
        ("Fui directora encargada dos años y medio", "Experiencia directiva"),
        (
            "«Mañana empezamos, conéctense temprano 👍🏽» y al día siguiente media región no tenía "
            "señal",
            "Diferencias en la inducción de nuevos mentores",
        ),
        ("Me dio seguridad.", "Significatividad de la formación del mentor"),
        ("Con mucha escucha.", "Habilidades sociales empáticas"),
        ("Cuando me pedían ayuda con el PAT o con algún expediente", "Asesoría instrumental"),
    ],
}
