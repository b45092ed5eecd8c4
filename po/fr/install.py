TR = {
# cli/weft-start.c: a program that cannot start
'32-bit x86 (i386)': 'x86 32 bits (i386)',
'32-bit ARM': 'ARM 32 bits',
'machine %u': 'machine %u',
'it is a %d-bit program and weft traces %d-bit ones; build it without -m32':
 'c\'est un programme %d bits et weft trace les programmes %d bits ; compilez-le sans -m32',
'it is built for %s and this machine runs %s programs; build it here with cc':
 'il est compilé pour %s et cette machine exécute des programmes %s ; compilez-le ici avec cc',
"its first line ends with a carriage return (Windows line endings); convert it with: sed -i 's/\\\\r$//' %s":
 "sa première ligne finit par un retour chariot (fins de ligne Windows) ; convertissez-le avec : sed -i 's/\\\\r$//' %s",
"its '#!' first line names no interpreter": "sa première ligne « #! » ne nomme aucun interpréteur",
"the interpreter '%s' on its first line does not exist": "l'interpréteur « %s » de sa première ligne n'existe pas",
'it is C source; build it first: cc -g -pthread %s -o %s':
 "c'est du source C ; compilez-le d'abord : cc -g -pthread %s -o %s",
"weft record: program '%s' not found in PATH; for the one in this folder, write ./%s\\n":
 'weft record : programme « %s » introuvable dans PATH ; pour celui de ce dossier, écrivez ./%s\\n',
'it is a folder': "c'est un dossier",
'it is not executable; make it so with: chmod +x %s': "il n'est pas exécutable ; rendez-le exécutable avec : chmod +x %s",
'it is not a program: neither an executable (ELF) nor a script':
 "ce n'est pas un programme : ni un exécutable (ELF) ni un script",
"it is a script without a '#!' first line; add one, such as #!/bin/sh":
 "c'est un script sans première ligne « #! » ; ajoutez-en une, comme #!/bin/sh",
'it is an object file; link it first: cc -pthread %s -o PROGRAM':
 "c'est un fichier objet ; faites d'abord l'édition de liens : cc -pthread %s -o PROGRAMME",
'it is a damaged executable: its program headers cannot be read':
 "c'est un exécutable endommagé : ses en-têtes de programme sont illisibles",
'it is a shared library, not a program': "c'est une bibliothèque partagée, pas un programme",
"its loader '%s' is not on this system (built for another one?)":
 "son chargeur « %s » n'est pas sur ce système (compilé pour un autre ?)",
"weft record: cannot trace '%s': it is setuid, setgid or has capabilities, so the loader ignores LD_PRELOAD in it; trace a plain copy of it instead\\n":
 "weft record : impossible de tracer « %s » : il est setuid, setgid ou a des capacités, donc le chargeur y ignore LD_PRELOAD ; tracez-en plutôt une simple copie\\n",
"weft record: the tracer cannot be loaded into '%s': %s\\n":
 'weft record : le traceur ne peut pas être chargé dans « %s » : %s\\n',
'the loader cannot find %s; build it with $(pkg-config --cflags --libs weft-chan), which records where the library is':
 'le chargeur ne trouve pas %s ; compilez-le avec $(pkg-config --cflags --libs weft-chan), qui note où est la bibliothèque',
'the loader cannot find %s, a library it needs; add its folder to LD_LIBRARY_PATH, or link with -Wl,-rpath,FOLDER':
 ('le chargeur ne trouve pas %s, une bibliothèque dont il a besoin ; ajoutez son dossier à LD_LIBRARY_PATH, ou liez avec -Wl,-rpath,DOSSIER',
  'le chargeur ne trouve pas %s, des bibliothèques dont il a besoin ; ajoutez leurs dossiers à LD_LIBRARY_PATH, ou liez avec -Wl,-rpath,DOSSIER'),
# cli/weft-cli.c: durations shown to people
'%lluns': '%llu ns',
'%.1fµs': '%.1f µs',
'%.2fms': '%.2f ms',
'%.3fs': '%.3f s',
# cli/weft-diagnose.c: the line above a blocked thread's stack
':\\n': ' :\\n',
# cli/weft-cmd-report.c: the top holder's share of a lock's hold time
' (%.0f%%)': ' (%.0f %%)',
# cli/weft-cmd-render.c: the prefix of its one-line errors
'weft render: ': 'weft render : ',
# cli/weft-cmd-record.c: the tracer not found
"weft record: WEFT_PRELOAD names '%s', which cannot be read: %s\\n":
 "weft record : WEFT_PRELOAD désigne « %s », qui est illisible : %s\\n",
'weft record: the tracer is missing: no %s beside this weft; install weft again (scripts/install.sh), or set WEFT_PRELOAD to its path\\n':
 'weft record : le traceur manque : pas de %s à côté de ce weft ; installez weft à nouveau (scripts/install.sh), ou donnez son chemin dans WEFT_PRELOAD\\n',
# cli/weft-cmd-record.c: the loader stopped the program before the tracer ran
"weft record: '%s' was ended by signal %d (%s) before the tracer started; no trace written\\n":
 "weft record : « %s » a été arrêté par le signal %d (%s) avant le démarrage du traceur ; aucune trace écrite\\n",
"weft record: '%s' ended with status %d before the tracer started (the loader's message above says why); no trace written\\n":
 "weft record : « %s » s'est terminé avec le code %d avant le démarrage du traceur (le message du chargeur ci-dessus dit pourquoi) ; aucune trace écrite\\n",
"weft record: '%s' ended with status %d before the tracer started; no trace written\\n":
 "weft record : « %s » s'est terminé avec le code %d avant le démarrage du traceur ; aucune trace écrite\\n",
}
